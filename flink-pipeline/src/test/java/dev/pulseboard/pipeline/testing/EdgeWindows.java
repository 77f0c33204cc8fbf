package dev.pulseboard.pipeline.testing;

import com.google.protobuf.ByteString;
import dev.pulseboard.contract.limits.HistogramBuckets;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.contract.wire.v1.SeriesWindow;
import dev.pulseboard.pipeline.aggregation.SeriesPartial;
import java.util.Arrays;
import java.util.List;

/**
 * Folds one series' samples of one window into a {@link SeriesWindow}, as an edge (the gateway's edge aggregation)
 * would: the tests and benchmarks that feed the pipeline pre-folded windows build them with the pipeline's own
 * arithmetic, so a window must merge exactly like its samples.
 */
public final class EdgeWindows {
    private EdgeWindows() {}

    public static SeriesWindow fold(long windowStart, List<Sample> samples) {
        Sample first = samples.get(0);
        SeriesPartial p = SeriesPartial.of("edge", first.getTypeValue(), first.getTemporalityValue(), windowStart);
        for (Sample s : samples) {
            double v = s.getType() == MetricType.TIMER ? s.getValue() / 1000.0 : s.getValue();
            p.add(v, s.getTimestampMs(), 1, s.getSetMember(), HistogramBuckets.PROMETHEUS_DEFAULT);
        }
        p.seal();
        SeriesWindow.Builder w = SeriesWindow.newBuilder()
                .setName(first.getName())
                .setType(first.getType())
                .setTemporality(first.getTemporality())
                .setWindowStartMs(windowStart)
                .setSamples(p.samples)
                .setWeight(p.weight)
                .setSum(p.sum)
                .setMin(p.min)
                .setMax(p.max)
                .setLast(p.last)
                .setLastTimestampMs(p.lastTs);
        for (Label l : first.getLabelsList()) {
            w.addLabels(l);
        }
        if (p.buckets != null) {
            Arrays.stream(p.buckets).forEach(w::addBuckets);
        }
        if (p.sketch != null) {
            w.setSketch(ByteString.copyFrom(p.sketch));
        }
        if (p.members != null) {
            w.addAllMembers(Arrays.asList(p.members));
        }
        if (p.hll != null) {
            w.setHll(ByteString.copyFrom(p.hll));
        }
        return w.build();
    }
}
