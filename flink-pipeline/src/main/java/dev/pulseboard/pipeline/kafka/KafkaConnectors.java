package dev.pulseboard.pipeline.kafka;

import dev.pulseboard.pipeline.aggregation.TenantAggregate;
import dev.pulseboard.pipeline.ingest.SampleBatchDecoder;
import dev.pulseboard.pipeline.ingest.SampleEvent;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Builds the production source (metrics-raw) and the aggregate sink (metrics-agg) from {@link KafkaOptions}. */
public final class KafkaConnectors {
    private KafkaConnectors() {}

    /**
     * Unbounded source of the valid samples on metrics-raw, decoded and validated in the source (see
     * {@link SampleBatchDeserializer}); offsets are committed to the group on each checkpoint.
     */
    public static KafkaSource<SampleEvent> sampleSource(KafkaOptions o) {
        return KafkaSource.<SampleEvent>builder()
                .setBootstrapServers(o.bootstrapServers())
                .setGroupId(o.groupId())
                .setTopics(o.rawTopic())
                .setStartingOffsets(offsets(o.startingOffsets()))
                .setDeserializer(new SampleBatchDeserializer(SampleBatchDecoder.withDefaultLimits()))
                .setClientIdPrefix(o.groupId() + "-raw")
                // discover partitions added to metrics-raw while running
                .setProperty("partition.discovery.interval.ms", "60000")
                .build();
    }

    /**
     * metrics-agg sink. AT_LEAST_ONCE flushes the producer on every checkpoint (duplicates possible after a restart,
     * harmless: an aggregate is idempotent per series and window). EXACTLY_ONCE writes in Kafka transactions committed
     * on checkpoint completion, so consumers reading read_committed see aggregates one checkpoint interval later.
     */
    public static KafkaSink<TenantAggregate> aggregateSink(KafkaOptions o) {
        var builder = KafkaSink.<TenantAggregate>builder()
                .setBootstrapServers(o.bootstrapServers())
                .setRecordSerializer(new AggregateRecordSerializer(o.aggTopic()))
                .setDeliveryGuarantee(o.deliveryGuarantee())
                .setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
        if (o.deliveryGuarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(o.transactionalIdPrefix())
                    // must cover checkpoint interval + restart time, and stay below the broker's max (15 min default)
                    .setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "600000");
        }
        return builder.build();
    }

    static OffsetsInitializer offsets(KafkaOptions.StartingOffsets s) {
        return switch (s) {
            case COMMITTED_OR_EARLIEST -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case COMMITTED_OR_LATEST -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.LATEST);
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
        };
    }
}
