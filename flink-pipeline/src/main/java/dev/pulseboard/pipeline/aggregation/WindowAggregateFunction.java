package dev.pulseboard.pipeline.aggregation;

import dev.pulseboard.contract.wire.SeriesKey;
import dev.pulseboard.contract.wire.v1.Aggregate;
import dev.pulseboard.contract.wire.v1.Label;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Attaches the window to the pre-aggregated {@link WindowStats} of one series: emits one {@code Aggregate} per
 * series and window, {@code window_start_ms} inclusive, {@code window_end_ms} exclusive (epoch ms).
 */
public class WindowAggregateFunction extends ProcessWindowFunction<WindowStats, TenantAggregate, String, TimeWindow> {

    @Override
    public void process(
            String seriesKey, Context context, Iterable<WindowStats> elements, Collector<TenantAggregate> out) {
        WindowStats s = elements.iterator().next();
        TimeWindow w = context.window();
        Aggregate.Builder b = Aggregate.newBuilder()
                .setName(s.name)
                .setType(s.type)
                .setWindowStartMs(w.getStart())
                .setWindowEndMs(w.getEnd())
                .setCount(s.count)
                .setSum(s.sum)
                .setMin(s.min)
                .setMax(s.max)
                .setLast(s.last);
        for (int i = 0; i < s.labelNames.length; i++) {
            b.addLabels(Label.newBuilder().setName(s.labelNames[i]).setValue(s.labelValues[i]));
        }
        int shard = (int) Long.remainderUnsigned(SeriesKey.hash(seriesKey), SeriesKey.SHARDS);
        out.collect(TenantAggregate.of(s.tenant, shard, b.build()));
    }
}
