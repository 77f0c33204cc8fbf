package dev.pulseboard.pipeline.eventtime;

import dev.pulseboard.pipeline.ingest.SampleEvent;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/** The event-time strategy of the pipeline: sample timestamps, {@link IngestTimeBoundedWatermarks}. */
public final class SampleWatermarks {
    private SampleWatermarks() {}

    public static WatermarkStrategy<SampleEvent> strategy(Duration maxLag, Duration idleTimeout, WallClock clock) {
        long lag = maxLag.toMillis();
        long idle = idleTimeout.toMillis();
        return WatermarkStrategy.<SampleEvent>forGenerator(ctx -> new IngestTimeBoundedWatermarks<>(
                        lag, idle, clock, ctx.getInputActivityClock()::relativeTimeMillis, SampleEvent::ingestedAtMs))
                .withTimestampAssigner((event, previous) -> event.timestampMs());
    }
}
