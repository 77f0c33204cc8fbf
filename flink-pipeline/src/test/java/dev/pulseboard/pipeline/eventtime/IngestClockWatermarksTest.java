package dev.pulseboard.pipeline.eventtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class IngestClockWatermarksTest {
    private final List<Long> emitted = new ArrayList<>();
    private final WatermarkOutput output = new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
            emitted.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
            throw new AssertionError("the ingestion clock never declares a partition idle");
        }

        @Override
        public void markActive() {}
    };

    @Test
    void holdsUntilTheFirstRecordSoARestartedJobNeverDeclaresItsBacklogLate() {
        IngestClockWatermarks<Object> wm = new IngestClockWatermarks<>(400);
        wm.onPeriodicEmit(output);
        wm.onPeriodicEmit(output);
        assertThat(emitted).isEmpty();
    }

    @Test
    void followsTheNewestAppendTimeMinusTheLagAndNeverGoesBack() {
        IngestClockWatermarks<Object> wm = new IngestClockWatermarks<>(400);
        wm.onEvent("a", 10_000, output);
        wm.onPeriodicEmit(output);
        wm.onEvent("b", 9_000, output); // an older append time cannot lower it
        wm.onPeriodicEmit(output);
        wm.onEvent("c", 12_000, output);
        wm.onPeriodicEmit(output);
        assertThat(emitted).containsExactly(9_599L, 11_599L);
    }

    @Test
    void onTimeMeansItsWindowHasNotFiredWhenTheRecordIsRead() {
        long lag = 400;
        for (long append = 0; append < 5_000; append += 7) {
            long watermark = IngestClockWatermarks.watermarkAt(append, lag); // after reading this record
            // the oldest window this record is on time for ends after append - lag ...
            long onTimeEnd = Math.floorDiv(append - lag, 1000) * 1000 + 1000;
            assertThat(append).isLessThan(onTimeEnd + lag);
            assertThat(watermark).as("window ending %d not fired", onTimeEnd).isLessThan(onTimeEnd - 1);
            // ... and the window before it, for which the record is late, has fired
            assertThat(append).isGreaterThanOrEqualTo(onTimeEnd - 1000 + lag);
            assertThat(watermark).isGreaterThanOrEqualTo(onTimeEnd - 1000 - 1);
        }
    }
}
