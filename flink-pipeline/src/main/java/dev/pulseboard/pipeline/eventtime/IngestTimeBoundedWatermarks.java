package dev.pulseboard.pipeline.eventtime;

import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Watermarks on the ingestion clock (ADR 002): {@code watermark = ref - maxLag}, where {@code ref} is the newest
 * ingestion time seen (the metrics-raw record's Kafka timestamp: when the gateway
 * wrote it), or the wall clock once the input has been idle for {@code idleTimeout}: no event although the
 * input was active, measured on Flink's input activity clock, which stands still while the source is backpressured (so a
 * stalled job is never mistaken for a quiet input, and its backlog is never declared late).
 *
 * <ul>
 *   <li>Lateness depends only on the sample's own delivery: a sample is on time when it reached the gateway within
 *       {@code maxLag} after the end of its window. Other tenants' traffic on the same partition, and how out of
 *       order clients send, do not matter (a watermark that follows the newest sample timestamp would let one
 *       tenant's fresh samples make another tenant's slightly delayed batch late).</li>
 *   <li>A backlog in Kafka or in this job (a restart, a burst above capacity) delays windows instead of turning
 *       acknowledged samples into late ones: the ingestion clock of a backlog is as old as the backlog.</li>
 *   <li>An idle tenant, partition or subtask never holds the others back: its watermark follows the wall clock.</li>
 *   <li>Sample timestamps never move the watermark, so a future-stamped sample cannot make others late.</li>
 * </ul>
 * Cost: each window is emitted {@code maxLag} after it ends. The emitted watermark never goes backwards. Nothing is
 * emitted per event: only {@link #onPeriodicEmit}, on the job's auto-watermark interval.
 */
public final class IngestTimeBoundedWatermarks<T> implements WatermarkGenerator<T> {
    private static final long NONE = Long.MIN_VALUE;
    private final long maxLagMs;
    private final long idleTimeoutMs;
    private final WallClock clock;
    private final LongSupplier activityMs;
    private final ToLongFunction<T> ingestTime;
    private long maxIngest = NONE;
    private long lastEventActivityMs = NONE;
    private long lastEmitted = NONE;

    /**
     * @param idleTimeoutMs how long an input must go without events (on the activity clock) before its watermark
     *                      follows the wall clock; longer than any gap in fetching from a busy partition
     * @param activityMs the input activity clock in ms (Flink's {@code getInputActivityClock()}): only its
     *                   differences matter; it does not advance while the input is backpressured
     * @param ingestTime the event's ingestion time, epoch ms; 0 or less when unknown (then the wall clock)
     */
    public IngestTimeBoundedWatermarks(
            long maxLagMs, long idleTimeoutMs, WallClock clock, LongSupplier activityMs, ToLongFunction<T> ingestTime) {
        if (maxLagMs < 0 || idleTimeoutMs < 0) {
            throw new IllegalArgumentException("max lag and idle timeout must be >= 0 ms");
        }
        this.maxLagMs = maxLagMs;
        this.idleTimeoutMs = idleTimeoutMs;
        this.clock = clock;
        this.activityMs = activityMs;
        this.ingestTime = ingestTime;
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        long ingest = ingestTime.applyAsLong(event);
        if (ingest > 0) {
            maxIngest = Math.max(maxIngest, ingest);
        }
        lastEventActivityMs = activityMs.getAsLong();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long wm = currentWatermark(clock.nowMs());
        if (wm > lastEmitted) {
            lastEmitted = wm;
            output.emitWatermark(new Watermark(wm));
        }
    }

    /** The watermark this generator would emit at wall-clock {@code now}, before the no-regression rule. */
    long currentWatermark(long now) {
        boolean idle = lastEventActivityMs == NONE || activityMs.getAsLong() - lastEventActivityMs >= idleTimeoutMs;
        long ref = idle || maxIngest == NONE ? now : Math.min(maxIngest, now);
        return ref - maxLagMs;
    }
}
