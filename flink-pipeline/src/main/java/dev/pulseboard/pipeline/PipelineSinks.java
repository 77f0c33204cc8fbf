package dev.pulseboard.pipeline;

import dev.pulseboard.pipeline.aggregation.TenantAggregate;
import dev.pulseboard.pipeline.ingest.SampleEvent;
import dev.pulseboard.pipeline.kafka.KafkaConnectors;
import dev.pulseboard.pipeline.store.remotewrite.PrometheusRemoteWriteSink;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Where the job's outputs go; tests swap any of them.
 *
 * @param aggregates window aggregates to metrics-agg
 * @param store      window aggregates to the metrics store (Prometheus remote-write)
 * @param late       samples that missed their window (already counted); discarded until a late topic exists
 */
public record PipelineSinks(Sink<TenantAggregate> aggregates, Sink<TenantAggregate> store, Sink<SampleEvent> late) {

    public static PipelineSinks production(PipelineOptions o) {
        return new PipelineSinks(
                KafkaConnectors.aggregateSink(o.kafka()),
                new PrometheusRemoteWriteSink(o.remoteWrite()),
                new DiscardingSink<>());
    }
}
