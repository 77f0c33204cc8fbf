package dev.pulseboard.pipeline.kafka;

import dev.pulseboard.contract.wire.RecordKeys;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.AggregateBatch;
import dev.pulseboard.pipeline.aggregation.TenantAggregate;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One metrics-agg record per window aggregate: key {@code "<tenant>/<shard>"} (same key as the series' raw
 * records, so a series' aggregates stay in order in one partition), value = WireCodec frame + an
 * {@code AggregateBatch} of that tenant holding the one aggregate; record timestamp = the window's last ms.
 */
public class AggregateRecordSerializer implements KafkaRecordSerializationSchema<TenantAggregate> {
    private final String topic;

    public AggregateRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(TenantAggregate element, KafkaSinkContext context, Long timestamp) {
        AggregateBatch batch = AggregateBatch.newBuilder()
                .setTenant(element.tenant())
                .addAggregates(element.aggregate())
                .build();
        return new ProducerRecord<>(
                topic, null, timestamp, RecordKeys.of(element.tenant(), element.shard()), WireCodec.encode(batch));
    }
}
