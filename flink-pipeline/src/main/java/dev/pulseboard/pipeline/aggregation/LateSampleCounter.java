package dev.pulseboard.pipeline.aggregation;

import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.pipeline.ingest.SampleEvent;
import dev.pulseboard.pipeline.telemetry.TenantCounters;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts samples that arrived after their window closed (the windows' late side output) in
 * {@code samplesLate{tenant, reason="err-pb-sample-late"}}, logs at most one line per {@link #LOG_EVERY_MS}, and
 * passes them on to the late sink (a discarding sink today; a late topic is on the roadmap).
 */
public class LateSampleCounter extends ProcessFunction<SampleEvent, SampleEvent> {
    /** Reason id of a sample behind the watermark (pipeline-local, like the contract's err-pb-* ids). */
    public static final String LATE = ErrorId.SAMPLE_LATE.id();

    static final long LOG_EVERY_MS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(LateSampleCounter.class);

    private transient TenantCounters late;
    private transient long lastLogMs;
    private transient long sinceLastLog;

    @Override
    public void open(OpenContext openContext) {
        late = new TenantCounters(getRuntimeContext().getMetricGroup(), "samplesLate");
    }

    @Override
    public void processElement(SampleEvent sample, Context ctx, Collector<SampleEvent> out) {
        late.inc(sample.tenant(), LATE);
        sinceLastLog++;
        long now = ctx.timerService().currentProcessingTime();
        if (now - lastLogMs >= LOG_EVERY_MS) {
            LOG.warn(
                    "{} late sample(s) dropped from windows; latest: tenant={} series={} ts={} watermark={}",
                    sinceLastLog,
                    sample.tenant(),
                    sample.seriesKey(),
                    sample.timestampMs(),
                    ctx.timerService().currentWatermark());
            lastLogMs = now;
            sinceLastLog = 0;
        }
        out.collect(sample);
    }
}
