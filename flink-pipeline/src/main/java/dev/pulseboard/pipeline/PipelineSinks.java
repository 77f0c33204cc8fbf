package dev.pulseboard.pipeline;

import dev.pulseboard.pipeline.aggregation.TenantAggregate;
import dev.pulseboard.pipeline.eventtime.PartitionTicker;
import dev.pulseboard.pipeline.kafka.KafkaConnectors;
import dev.pulseboard.pipeline.late.LateSample;
import dev.pulseboard.pipeline.store.remotewrite.PrometheusRemoteWriteSink;
import dev.pulseboard.pipeline.store.remotewrite.StoreProgressOptions;
import java.time.Duration;
import java.util.function.IntFunction;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where the job's outputs go; tests swap any of them.
 *
 * @param aggregates window aggregates to metrics-agg
 * @param store      the sink of each stream of window aggregates to the metrics store (Prometheus remote-write):
 *                   {@link #SERIES} and {@link #ACCOUNTING}
 * @param late       samples past their window's allowed lateness, to metrics-late
 * @param ticks      the watermark ticker appending to metrics-raw ({@link PartitionTicker}); null = no ticks (a test
 *                   that writes its own ticks with simulated append times)
 */
public record PipelineSinks(
        Sink<TenantAggregate> aggregates,
        IntFunction<Sink<TenantAggregate>> store,
        Sink<LateSample> late,
        Sink<Long> ticks) {
    /** The store streams: the tenants' series, and their accounting. */
    public static final int SERIES = 0;

    public static final int ACCOUNTING = 1;
    private static final int STORE_STREAMS = 2;
    /** How often each store writer publishes how far it has written, at most. */
    private static final Duration PROGRESS_INTERVAL = Duration.ofMillis(200);

    public static PipelineSinks production(PipelineOptions o) {
        String progressTopic = o.kafka().progressTopic();
        return new PipelineSinks(
                KafkaConnectors.aggregateSink(o.kafka()),
                stream -> new PrometheusRemoteWriteSink(
                        o.remoteWrite(),
                        progressTopic.isEmpty()
                                ? null
                                : new StoreProgressOptions(
                                        o.kafka().bootstrapServers(),
                                        progressTopic,
                                        stream,
                                        STORE_STREAMS,
                                        PROGRESS_INTERVAL)),
                KafkaConnectors.lateSink(o.kafka()),
                o.tickInterval().isZero()
                        ? null
                        : new PartitionTicker(
                                o.kafka().bootstrapServers(), o.kafka().rawTopic()));
    }
}
