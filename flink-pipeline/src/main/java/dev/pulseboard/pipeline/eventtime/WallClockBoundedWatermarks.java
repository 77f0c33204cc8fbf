package dev.pulseboard.pipeline.eventtime;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness watermarks that also follow the wall clock.
 *
 * <p>On every periodic emit the watermark is {@code max(min(maxTs, now) - outOfOrderness, now - maxLag)}:
 * <ul>
 *   <li>{@code now - maxLag}: the watermark never lags the wall clock by more than {@code maxLag}, so 1 s windows
 *       close even when no new sample arrives, and an idle tenant, partition or subtask never holds the others
 *       back (no idleness detection needed). Samples older than that are late.</li>
 *   <li>{@code min(maxTs, now)}: a sample stamped ahead of the wall clock (accepted within the validator's future
 *       grace) never pushes the watermark ahead of "now"; otherwise one tenant's fast clock would make every other
 *       tenant's current samples late. Its window simply fires once the wall clock reaches it.</li>
 * </ul>
 * The emitted watermark never goes backwards. Nothing is emitted per event: only {@link #onPeriodicEmit}, on the
 * job's auto-watermark interval.
 */
public final class WallClockBoundedWatermarks<T> implements WatermarkGenerator<T> {
    private final long outOfOrdernessMs;
    private final long maxLagMs;
    private final WallClock clock;
    private long maxTimestamp = Long.MIN_VALUE;
    private long lastEmitted = Long.MIN_VALUE;

    public WallClockBoundedWatermarks(long outOfOrdernessMs, long maxLagMs, WallClock clock) {
        if (outOfOrdernessMs < 0 || maxLagMs < 0) {
            throw new IllegalArgumentException("out-of-orderness and max lag must be >= 0 ms");
        }
        this.outOfOrdernessMs = outOfOrdernessMs;
        this.maxLagMs = maxLagMs;
        this.clock = clock;
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long now = clock.nowMs();
        long wm = currentWatermark(now);
        if (wm > lastEmitted) {
            lastEmitted = wm;
            output.emitWatermark(new Watermark(wm));
        }
    }

    /** The watermark this generator would emit at wall-clock {@code now}, before the no-regression rule. */
    long currentWatermark(long now) {
        long byWallClock = now - maxLagMs;
        if (maxTimestamp == Long.MIN_VALUE) {
            return byWallClock;
        }
        long byData = Math.min(maxTimestamp, now) - outOfOrdernessMs;
        return Math.max(byData, byWallClock);
    }
}
