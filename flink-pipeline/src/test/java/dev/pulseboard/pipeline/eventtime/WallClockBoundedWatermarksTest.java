package dev.pulseboard.pipeline.eventtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class WallClockBoundedWatermarksTest {
    private final AtomicLong now = new AtomicLong(100_000);
    private final WallClockBoundedWatermarks<String> gen = new WallClockBoundedWatermarks<>(200, 1_000, now::get);
    private final List<Long> emitted = new ArrayList<>();
    private final WatermarkOutput out = new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
            emitted.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
        }

        @Override
        public void markActive() {
        }
    };

    @Test
    void withoutDataTheWatermarkFollowsTheWallClockMinusMaxLag() {
        gen.onPeriodicEmit(out);
        now.addAndGet(500);
        gen.onPeriodicEmit(out);
        assertThat(emitted).containsExactly(99_000L, 99_500L);
    }

    @Test
    void freshDataHoldsTheWatermarkOnlyOutOfOrdernessBehindTheNewestSample() {
        gen.onEvent("s", 99_900, out);
        gen.onEvent("s", 99_700, out);
        assertThat(emitted).as("nothing per event").isEmpty();
        gen.onPeriodicEmit(out);
        assertThat(emitted).containsExactly(99_700L);
    }

    @Test
    void staleDataNeverHoldsTheWatermarkFurtherBackThanMaxLag() {
        gen.onEvent("s", 50_000, out);
        gen.onPeriodicEmit(out);
        assertThat(emitted).containsExactly(99_000L);
    }

    @Test
    void futureSamplesNeverPushTheWatermarkAheadOfTheWallClock() {
        gen.onEvent("s", 100_000 + 86_400_000, out);
        gen.onPeriodicEmit(out);
        assertThat(emitted).containsExactly(99_800L);
    }

    @Test
    void theWatermarkNeverGoesBackwards() {
        gen.onEvent("s", 99_900, out);
        gen.onPeriodicEmit(out);
        now.set(90_000); // wall clock stepped back (NTP)
        gen.onPeriodicEmit(out);
        now.set(101_500);
        gen.onPeriodicEmit(out);
        assertThat(emitted).containsExactly(99_700L, 100_500L);
    }
}
