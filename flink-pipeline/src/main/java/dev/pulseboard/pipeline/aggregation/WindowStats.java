package dev.pulseboard.pipeline.aggregation;

import dev.pulseboard.contract.wire.v1.MetricType;

/**
 * Accumulator of one series in one window (a Flink POJO: public fields, no-arg constructor).
 *
 * <p>Carries the series identity (tenant, name, type, labels) taken from the first sample, because the window key
 * is only the canonical series key string and the output {@code Aggregate} needs the labels.
 */
public class WindowStats {
    public String tenant;
    public String name;
    public MetricType type;
    public String[] labelNames;
    public String[] labelValues;
    public long count;
    public double sum;
    public double min = Double.POSITIVE_INFINITY;
    public double max = Double.NEGATIVE_INFINITY;
    /** Value of the sample with the greatest timestamp; among equal timestamps the one that arrived last. */
    public double last;

    public long lastTimestampMs = Long.MIN_VALUE;

    public WindowStats() {}
}
