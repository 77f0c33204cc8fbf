package dev.pulseboard.pipeline.eventtime;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Watermarks of one metrics-raw partition on its ingestion clock (ADR 005): {@code newest append time - maxLag - 1},
 * where the append time is the record timestamp the broker set (LogAppendTime, monotonic per partition).
 *
 * <p>Nothing but the partition's own records moves it: no wall clock, no idleness. A partition's watermark therefore
 * never passes a record that has not been read yet, and since a sample is on time exactly when it was appended within
 * {@code maxLag} after its window ended ({@code appendTime < windowEnd + maxLag}), no backlog anywhere (Kafka, this
 * job, a restart) can make an on-time sample late: with every record before it appended no later than it, the
 * partition's watermark is at most {@code appendTime - maxLag - 1 < windowEnd - 1} when it arrives, and the combined
 * watermark of all partitions is lower still. Partitions without data still advance because the job appends a
 * watermark tick to every partition each tick interval ({@code PartitionTicker}).
 *
 * <p>Only {@link #onPeriodicEmit} emits, on the job's auto-watermark interval; the emitted watermark never goes back.
 */
public final class IngestClockWatermarks<T> implements WatermarkGenerator<T> {
    private final long maxLagMs;
    private long newestAppendMs = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;

    public IngestClockWatermarks(long maxLagMs) {
        if (maxLagMs < 0) {
            throw new IllegalArgumentException("max lag must be >= 0 ms");
        }
        this.maxLagMs = maxLagMs;
    }

    @Override
    public void onEvent(T event, long appendTimeMs, WatermarkOutput output) {
        if (appendTimeMs > newestAppendMs) {
            newestAppendMs = appendTimeMs;
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (newestAppendMs == Long.MIN_VALUE) {
            return; // no record yet: hold (a restarted job must not declare its backlog late)
        }
        long wm = newestAppendMs - maxLagMs - 1;
        if (wm > emitted) {
            emitted = wm;
            output.emitWatermark(new Watermark(wm));
        }
    }

    /** The watermark for a partition whose newest record was appended at {@code appendTimeMs}. */
    public static long watermarkAt(long appendTimeMs, long maxLagMs) {
        return appendTimeMs - maxLagMs - 1;
    }
}
