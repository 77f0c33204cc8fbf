package dev.pulseboard.pipeline.ingest;

import dev.pulseboard.contract.wire.v1.MetricType;

/**
 * One sample after decoding a metrics-raw batch: the unit of event time and windowing.
 *
 * <p>A record of Flink-serialisable fields (Flink 2 serialises records as POJOs) rather than the protobuf
 * {@code Sample}, which Flink could only move through Kryo.
 *
 * @param tenant      from the {@code SampleBatch}, i.e. from the ingest credential; never from a label
 * @param seriesKey   {@code SeriesKey.canonical(tenant, sample)}: the window key
 * @param labelNames  label names sorted ascending, parallel to {@code labelValues}; no {@code tenant} label
 * @param value       value to aggregate: counters already scaled by 1/sample_rate, sets 1 per observation
 * @param timestampMs event time, epoch milliseconds
 * @param ingestedAtMs when the gateway wrote the sample to Kafka: the metrics-raw record's timestamp (producer
 *                     CreateTime), epoch ms; 0 when unknown. Nearly monotonic per partition, it is the clock the
 *                     watermarks follow (ADR 002).
 */
public record SampleEvent(
        String tenant,
        String seriesKey,
        String name,
        MetricType type,
        String[] labelNames,
        String[] labelValues,
        double value,
        long timestampMs,
        long ingestedAtMs) {}
