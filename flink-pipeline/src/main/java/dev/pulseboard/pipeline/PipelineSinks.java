package dev.pulseboard.pipeline;

import dev.pulseboard.pipeline.aggregation.TenantAggregate;
import dev.pulseboard.pipeline.eventtime.PartitionTicker;
import dev.pulseboard.pipeline.kafka.KafkaConnectors;
import dev.pulseboard.pipeline.late.LateSample;
import dev.pulseboard.pipeline.store.remotewrite.PrometheusRemoteWriteSink;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where the job's outputs go; tests swap any of them.
 *
 * @param aggregates window aggregates to metrics-agg
 * @param store      window aggregates to the metrics store (Prometheus remote-write)
 * @param late       samples past their window's allowed lateness, to metrics-late
 * @param ticks      the watermark ticker appending to metrics-raw ({@link PartitionTicker}); null = no ticks (a test
 *                   that writes its own ticks with simulated append times)
 */
public record PipelineSinks(
        Sink<TenantAggregate> aggregates, Sink<TenantAggregate> store, Sink<LateSample> late, Sink<Long> ticks) {

    public static PipelineSinks production(PipelineOptions o) {
        return new PipelineSinks(
                KafkaConnectors.aggregateSink(o.kafka()),
                new PrometheusRemoteWriteSink(o.remoteWrite()),
                KafkaConnectors.lateSink(o.kafka()),
                o.tickInterval().isZero()
                        ? null
                        : new PartitionTicker(
                                o.kafka().bootstrapServers(), o.kafka().rawTopic()));
    }
}
