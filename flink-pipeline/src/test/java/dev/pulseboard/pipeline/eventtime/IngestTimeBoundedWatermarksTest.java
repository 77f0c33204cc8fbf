package dev.pulseboard.pipeline.eventtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

/** Events here are their gateway receive time (a Long); the event timestamp is passed separately, as Flink does. */
class IngestTimeBoundedWatermarksTest {
    private final AtomicLong now = new AtomicLong(100_000);
    /** Input activity clock: follows the wall clock unless a test freezes it (backpressure). */
    private final AtomicLong active = new AtomicLong(0);

    private final IngestTimeBoundedWatermarks<Long> gen =
            new IngestTimeBoundedWatermarks<>(1_000, 1_000, now::get, active::get, Long::longValue);

    private void advance(long ms) {
        now.addAndGet(ms);
        active.addAndGet(ms);
    }

    private final List<Long> emitted = new ArrayList<>();
    private final WatermarkOutput out = new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
            emitted.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
    };

    /** A sample stamped {@code ts} that the gateway received just now. */
    private void receivedNow(long ts) {
        gen.onEvent(now.get(), ts, out);
    }

    @Test
    void withoutDataTheWatermarkFollowsTheWallClockMinusMaxLag() {
        gen.onPeriodicEmit(out);
        advance(500);
        gen.onPeriodicEmit(out);
        assertThat(emitted).containsExactly(99_000L, 99_500L);
    }

    @Test
    void liveDataKeepsTheWatermarkMaxLagBehindTheNewestReceiveTime() {
        gen.onEvent(99_950L, 99_900, out);
        gen.onEvent(99_990L, 99_100, out);
        assertThat(emitted).as("nothing per event").isEmpty();
        gen.onPeriodicEmit(out);
        assertThat(emitted).containsExactly(98_990L);
    }

    @Test
    void sampleTimestampsNeverMoveTheWatermark() {
        receivedNow(50_000);
        receivedNow(100_000 + 86_400_000);
        gen.onPeriodicEmit(out);
        assertThat(emitted).as("neither an old nor a future-stamped sample").containsExactly(99_000L);
    }

    @Test
    void aBacklogDelaysWindowsInsteadOfMakingAcknowledgedSamplesLate() {
        // The job catches up on samples the gateway received a minute ago, each on time when it arrived there.
        for (long t = 40_000; t <= 41_000; t += 100) {
            gen.onEvent(t, t, out);
        }
        gen.onPeriodicEmit(out);
        assertThat(emitted).containsExactly(40_000L);
        assertThat(emitted.get(0))
                .as("not now - maxLag, which would drop the whole backlog as late")
                .isLessThan(now.get() - 1_000);
    }

    @Test
    void onceTheInputGoesQuietItsWindowsCloseByTheWallClock() {
        receivedNow(99_900);
        advance(2_000); // no event for longer than maxLag while the input was active: idle, nothing backlogged
        gen.onPeriodicEmit(out);
        assertThat(emitted).containsExactly(101_000L);
    }

    @Test
    void aBackpressuredInputIsNotMistakenForAQuietOne() {
        gen.onEvent(40_000L, 40_000, out); // catching up on a backlog...
        now.addAndGet(5_000); // ...then blocked by backpressure: the activity clock stands still
        gen.onPeriodicEmit(out);
        assertThat(emitted).containsExactly(39_000L);
    }

    @Test
    void theWatermarkNeverGoesBackwards() {
        receivedNow(99_900);
        gen.onPeriodicEmit(out);
        now.set(90_000); // wall clock stepped back (NTP)
        gen.onPeriodicEmit(out);
        now.set(101_500);
        active.addAndGet(1_500);
        gen.onPeriodicEmit(out);
        assertThat(emitted).containsExactly(99_000L, 100_500L);
    }
}
