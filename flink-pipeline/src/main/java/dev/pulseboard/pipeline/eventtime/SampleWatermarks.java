package dev.pulseboard.pipeline.eventtime;

import dev.pulseboard.pipeline.ingest.SampleEvent;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/** The event-time strategy of the pipeline: sample timestamps, {@link WallClockBoundedWatermarks}. */
public final class SampleWatermarks {
    private SampleWatermarks() {
    }

    public static WatermarkStrategy<SampleEvent> strategy(Duration outOfOrderness, Duration maxLag, WallClock clock) {
        long ooo = outOfOrderness.toMillis();
        long lag = maxLag.toMillis();
        return WatermarkStrategy.<SampleEvent>forGenerator(ctx -> new WallClockBoundedWatermarks<>(ooo, lag, clock))
                .withTimestampAssigner((event, previous) -> event.timestampMs());
    }
}
