package dev.pulseboard.pipeline.aggregation;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.pulseboard.contract.fold.QuantileSketch;
import dev.pulseboard.contract.limits.HistogramBuckets;
import dev.pulseboard.contract.limits.Limits;
import dev.pulseboard.contract.wire.SeriesKey;
import dev.pulseboard.contract.wire.v1.Aggregate;
import dev.pulseboard.contract.wire.v1.Bucket;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Quantile;
import dev.pulseboard.contract.wire.v1.Temporality;

/**
 * Builds a series' {@link Aggregate} for a window and advances its running totals in {@link SeriesState}: what the
 * keyed aggregator writes to metrics-agg and the store (docs/metrics.md names the store series).
 */
final class AggregateBuilder {
    private AggregateBuilder() {}

    /**
     * Applies a gauge window's changes ({@code +n|g}) to the level they change: the window's own newest absolute value,
     * else the series' level from earlier windows (0 for a new series), as statsd does. The resolved value becomes the
     * window's last value (and counts in its min, max and sum, once per change), so the window is written and rolled up
     * like any gauge window; the series keeps it as its level (in {@code SeriesState.total}).
     */
    static void resolveGauge(SeriesState s, SeriesPartial p, long window) {
        if (p.gaugeDeltas > 0) {
            boolean hasLevel = p.lastTs != Long.MIN_VALUE;
            double level = (hasLevel ? p.last : s.totalTs != Long.MIN_VALUE ? s.total : 0) + p.gaugeDelta;
            p.last = level;
            if (!hasLevel) {
                p.lastTs = Windows.lastMs(window);
            }
            p.min = Math.min(p.min, level);
            p.max = Math.max(p.max, level);
            p.sum += level * p.gaugeDeltas;
            p.gaugeDelta = 0;
            p.gaugeDeltas = 0;
        }
        if (p.lastTs != Long.MIN_VALUE) {
            s.total = p.last;
            s.totalTs = Math.max(s.totalTs, p.lastTs);
        }
    }

    /**
     * The 1 s aggregate of {@code window}: {@code p} holds its samples, or is null for a counter or histogram written
     * again unchanged (its total still stands). Updates the running totals of {@code s}.
     */
    static Aggregate second(SeriesKey.Identity id, SeriesState s, SeriesPartial p, long window, Limits limits) {
        Aggregate.Builder b = identity(id, s, window, Windows.SECOND_MS);
        if (p != null && s.type == MetricType.GAUGE_VALUE) {
            resolveGauge(s, p, window);
        }
        if (p != null) {
            stats(b, p);
        }
        if (s.type == MetricType.COUNTER_VALUE) {
            if (p != null) {
                if (s.temporality == Temporality.DELTA_VALUE) {
                    s.total += p.sum;
                } else if (p.lastTs >= s.totalTs) {
                    s.total = p.last;
                    s.totalTs = p.lastTs;
                }
            }
            b.setTemporality(Temporality.forNumber(s.temporality)).setTotal(s.total);
        } else if (SeriesPartial.isHistogram(s.type)) {
            HistogramBuckets bounds = limits.histogramBuckets();
            if (p != null && p.buckets != null) {
                if (s.cumBuckets == null || s.cumBuckets.length != p.buckets.length) {
                    // new series, or the tenant's buckets changed: the cumulative histogram starts over (a reset)
                    s.cumBuckets = new double[p.buckets.length];
                    s.cumSum = 0;
                    s.cumCount = 0;
                }
                for (int i = 0; i < p.buckets.length; i++) {
                    s.cumBuckets[i] += p.buckets[i];
                }
                s.cumSum += p.sum;
                s.cumCount += p.weight;
                DDSketch sketch = p.quantileSketch();
                if (sketch != null && !sketch.isEmpty()) {
                    double[] qs = QuantileSketch.quantiles();
                    double[] values = sketch.getValuesAtQuantiles(qs);
                    for (int i = 0; i < values.length; i++) {
                        b.addQuantiles(Quantile.newBuilder().setQuantile(qs[i]).setValue(values[i]));
                    }
                }
            }
            cumulativeHistogram(b, s, bounds);
        } else if (s.type == MetricType.SET_VALUE && p != null) {
            b.setDistinct(p.distinct());
        }
        return b.build();
    }

    /**
     * The rollup over {@code [start, start + period)}: the period's gauge and set statistics from {@code acc} (null
     * when it had none), counters' and histograms' running totals as they stand at the period's end.
     */
    static Aggregate rollup(
            SeriesKey.Identity id, SeriesState s, RollupStats acc, long start, long period, Limits limits) {
        Aggregate.Builder b = identity(id, s, start, period);
        if (acc != null) {
            b.setCount(acc.count).setSum(acc.sum).setLast(acc.last);
            if (acc.count > 0 && s.type != MetricType.SET_VALUE) {
                b.setMin(acc.min).setMax(acc.max);
            }
        }
        if (s.type == MetricType.COUNTER_VALUE) {
            b.setTemporality(Temporality.forNumber(s.temporality)).setTotal(s.total);
        } else if (SeriesPartial.isHistogram(s.type)) {
            cumulativeHistogram(b, s, limits.histogramBuckets());
        } else if (s.type == MetricType.SET_VALUE && acc != null) {
            b.setDistinct(acc.distinct());
        }
        return b.build();
    }

    private static void stats(Aggregate.Builder b, SeriesPartial p) {
        b.setCount(p.samples).setSum(p.sum).setLast(p.last);
        if (p.samples > 0 && p.type != MetricType.SET_VALUE) {
            b.setMin(p.min).setMax(p.max);
        }
    }

    private static void cumulativeHistogram(Aggregate.Builder b, SeriesState s, HistogramBuckets bounds) {
        if (s.cumBuckets == null) {
            return;
        }
        double running = 0;
        for (int i = 0; i < s.cumBuckets.length; i++) {
            running += s.cumBuckets[i];
            double le = i == s.cumBuckets.length - 1 || i >= bounds.size() - 1
                    ? Double.POSITIVE_INFINITY
                    : bounds.upperBound(i);
            b.addBuckets(Bucket.newBuilder().setLe(le).setCount(running));
        }
        b.setTotalSum(s.cumSum).setTotalCount(s.cumCount);
    }

    private static Aggregate.Builder identity(SeriesKey.Identity id, SeriesState s, long start, long length) {
        Aggregate.Builder b = Aggregate.newBuilder()
                .setName(id.name())
                .setTypeValue(s.type)
                .setWindowStartMs(start)
                .setWindowEndMs(start + length);
        for (int i = 0; i < id.labelNames().length; i++) {
            b.addLabels(Label.newBuilder().setName(id.labelNames()[i]).setValue(id.labelValues()[i]));
        }
        return b;
    }
}
