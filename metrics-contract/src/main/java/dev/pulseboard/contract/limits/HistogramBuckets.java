package dev.pulseboard.contract.limits;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Upper bounds of a histogram's buckets, ascending and finite; {@code +Inf} is always the implied last bucket. The
 * pipeline counts every TIMER, HISTOGRAM and DISTRIBUTION observation into these and writes them as Prometheus'
 * cumulative {@code _bucket{le}} series, so {@code histogram_quantile} works on them.
 */
public final class HistogramBuckets implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Prometheus' client default buckets, meant for durations in seconds (StatsD timers are converted to seconds). */
    public static final HistogramBuckets PROMETHEUS_DEFAULT =
            new HistogramBuckets(new double[] {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10});

    /** Most bounds a tenant may configure: each one is a series per histogram in the store. */
    public static final int MAX_BOUNDS = 40;

    private final double[] bounds;

    private HistogramBuckets(double[] bounds) {
        this.bounds = bounds;
    }

    /** Validates and copies: 1 to {@value #MAX_BOUNDS} finite bounds, strictly ascending. */
    public static HistogramBuckets of(double... bounds) {
        if (bounds.length == 0 || bounds.length > MAX_BOUNDS) {
            throw new IllegalArgumentException(
                    "a histogram needs 1 to " + MAX_BOUNDS + " bucket bounds, got " + bounds.length);
        }
        for (int i = 0; i < bounds.length; i++) {
            if (!Double.isFinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
                throw new IllegalArgumentException(
                        "bucket bounds must be finite and strictly ascending: " + Arrays.toString(bounds));
            }
        }
        return new HistogramBuckets(bounds.clone());
    }

    /** Number of buckets including the implied {@code +Inf} one. */
    public int size() {
        return bounds.length + 1;
    }

    /** Upper bound of bucket {@code i}; {@code +Inf} for the last. */
    public double upperBound(int i) {
        return i == bounds.length ? Double.POSITIVE_INFINITY : bounds[i];
    }

    /** Index of the first bucket whose upper bound is {@code >= value} (the {@code +Inf} bucket for larger values). */
    public int indexOf(double value) {
        int i = Arrays.binarySearch(bounds, value);
        return i >= 0 ? i : -i - 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HistogramBuckets b && Arrays.equals(bounds, b.bounds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bounds);
    }

    @Override
    public String toString() {
        return Arrays.toString(bounds);
    }
}
