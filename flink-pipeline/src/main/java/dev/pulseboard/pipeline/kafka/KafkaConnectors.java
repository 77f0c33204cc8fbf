package dev.pulseboard.pipeline.kafka;

import dev.pulseboard.pipeline.aggregation.TenantAggregate;
import dev.pulseboard.pipeline.ingest.RawBatch;
import dev.pulseboard.pipeline.ingest.RawBatchDeserializer;
import dev.pulseboard.pipeline.late.LateSample;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Builds the production source (metrics-raw) and sinks (metrics-agg, metrics-late) from {@link KafkaOptions}. */
public final class KafkaConnectors {
    private KafkaConnectors() {}

    /**
     * Unbounded source of metrics-raw records, decoded in the source ({@link RawBatchDeserializer}); offsets are
     * committed to the group on each checkpoint.
     */
    public static KafkaSource<RawBatch> rawSource(KafkaOptions o) {
        return KafkaSource.<RawBatch>builder()
                .setBootstrapServers(o.bootstrapServers())
                .setGroupId(o.groupId())
                .setTopics(o.rawTopic())
                .setStartingOffsets(offsets(o.startingOffsets()))
                .setDeserializer(new RawBatchDeserializer())
                .setClientIdPrefix(o.groupId() + "-raw")
                // discover partitions added to metrics-raw while running (the ticker finds them too)
                .setProperty("partition.discovery.interval.ms", "60000")
                .build();
    }

    /**
     * Partitions of metrics-raw: a source subtask without a partition would hold the watermark back for good (there
     * is no idleness rule, ADR 005), so the source never runs with more subtasks than this.
     */
    public static int rawPartitions(KafkaOptions o) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrapServers()))) {
            return admin.describeTopics(List.of(o.rawTopic()))
                    .allTopicNames()
                    .get(60, TimeUnit.SECONDS)
                    .get(o.rawTopic())
                    .partitions()
                    .size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing " + o.rawTopic(), e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe " + o.rawTopic() + " at " + o.bootstrapServers(), e);
        }
    }

    /**
     * metrics-agg sink. AT_LEAST_ONCE flushes the producer on every checkpoint (duplicates possible after a restart,
     * identical, so consumers can de-duplicate by tenant, series and window). EXACTLY_ONCE writes in Kafka
     * transactions committed on checkpoint completion: read_committed consumers see aggregates a checkpoint later.
     */
    public static KafkaSink<TenantAggregate> aggregateSink(KafkaOptions o) {
        var builder = KafkaSink.<TenantAggregate>builder()
                .setBootstrapServers(o.bootstrapServers())
                .setRecordSerializer(new AggregateRecordSerializer(o.aggTopic()))
                .setDeliveryGuarantee(o.deliveryGuarantee())
                .setProperty(ProducerConfig.LINGER_MS_CONFIG, "5")
                // every active series is written every second: large batches, since lz4 allocates its 64 KiB block
                // buffers per batch whatever its size (at 16 KiB a sixth of what the keyed stage allocates)
                .setProperty(ProducerConfig.BATCH_SIZE_CONFIG, "262144")
                .setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        if (o.deliveryGuarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(o.transactionalIdPrefix())
                    // must cover checkpoint interval + restart time, and stay below the broker's max (15 min default)
                    .setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "600000");
        }
        return builder.build();
    }

    /** metrics-late sink, at least once (flushed on every checkpoint, like metrics-agg by default). */
    public static KafkaSink<LateSample> lateSink(KafkaOptions o) {
        return KafkaSink.<LateSample>builder()
                .setBootstrapServers(o.bootstrapServers())
                .setRecordSerializer(new LateSampleSerializer(o.lateTopic()))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setProperty(ProducerConfig.LINGER_MS_CONFIG, "20")
                .build();
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
