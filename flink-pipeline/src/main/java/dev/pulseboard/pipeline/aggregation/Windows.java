package dev.pulseboard.pipeline.aggregation;

/** The pipeline's windows: 1 s event-time windows and the 1 min, 5 min and 1 h rollups built from them. */
public final class Windows {
    public static final long SECOND_MS = 1000;
    /** Rollup periods in ms (1 min, 5 min, 1 h), each a multiple of the one before. */
    static final long[] ROLLUP_MS = {60_000, 300_000, 3_600_000};

    private Windows() {}

    /** Start of the 1 s window holding {@code timestampMs}. */
    public static long start(long timestampMs) {
        return Math.floorDiv(timestampMs, SECOND_MS) * SECOND_MS;
    }

    /** Start of the period of length {@code periodMs} holding {@code timestampMs}. */
    public static long start(long timestampMs, long periodMs) {
        return Math.floorDiv(timestampMs, periodMs) * periodMs;
    }

    /** The event time a window's results carry and its timer fires at: its last millisecond. */
    public static long lastMs(long windowStart) {
        return windowStart + SECOND_MS - 1;
    }
}
