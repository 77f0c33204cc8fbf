package dev.pulseboard.pipeline.aggregation;

import dev.pulseboard.pipeline.ingest.SampleEvent;
import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Incremental count / sum / min / max / last of one series in one window: O(1) state per series and window,
 * whatever the sample rate. The input value is {@link SampleEvent#value()}, already rate-scaled for counters.
 */
public class WindowStatsAggregator implements AggregateFunction<SampleEvent, WindowStats, WindowStats> {

    @Override
    public WindowStats createAccumulator() {
        return new WindowStats();
    }

    @Override
    public WindowStats add(SampleEvent sample, WindowStats acc) {
        if (acc.count == 0) {
            acc.tenant = sample.tenant();
            acc.name = sample.name();
            acc.type = sample.type();
            acc.labelNames = sample.labelNames();
            acc.labelValues = sample.labelValues();
        }
        double v = sample.value();
        acc.count++;
        acc.sum += v;
        acc.min = Math.min(acc.min, v);
        acc.max = Math.max(acc.max, v);
        // ">=": among samples with the same timestamp the later arrival wins
        if (sample.timestampMs() >= acc.lastTimestampMs) {
            acc.last = v;
            acc.lastTimestampMs = sample.timestampMs();
        }
        return acc;
    }

    @Override
    public WindowStats getResult(WindowStats acc) {
        return acc;
    }

    /** Merges {@code b} into {@code a}; {@code b} counts as the later arrival for "last" ties. */
    @Override
    public WindowStats merge(WindowStats a, WindowStats b) {
        if (b.count == 0) {
            return a;
        }
        if (a.count == 0) {
            return b;
        }
        a.count += b.count;
        a.sum += b.sum;
        a.min = Math.min(a.min, b.min);
        a.max = Math.max(a.max, b.max);
        if (b.lastTimestampMs >= a.lastTimestampMs) {
            a.last = b.last;
            a.lastTimestampMs = b.lastTimestampMs;
        }
        return a;
    }
}
