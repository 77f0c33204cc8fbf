package dev.pulseboard.pipeline.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.pulseboard.contract.wire.RecordKeys;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.contract.wire.v1.SampleBatch;
import dev.pulseboard.contract.wire.v1.SeriesWindow;
import dev.pulseboard.pipeline.late.LateSample;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One metrics-late record per late sample: key {@code "<tenant>/<shard>"} as on metrics-raw, value = WireCodec frame +
 * a {@code SampleBatch} of the tenant holding the sample as it arrived, {@code received_at_ms} = its metrics-raw
 * append time. A tenant (or an operator) can replay or inspect what missed its window.
 */
public class LateSampleSerializer implements KafkaRecordSerializationSchema<LateSample> {
    private final String topic;

    public LateSampleSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(LateSample late, KafkaSinkContext context, Long timestamp) {
        SampleBatch.Builder batch = SampleBatch.newBuilder()
                .setTenant(late.tenant)
                .setSource("metrics-late")
                .setReceivedAtMs(late.appendTimeMs);
        try {
            if (late.sample != null) {
                batch.addSamples(Sample.parseFrom(late.sample));
            } else {
                batch.addWindows(SeriesWindow.parseFrom(late.window));
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a late sample this job wrote did not parse", e);
        }
        return new ProducerRecord<>(
                topic, null, timestamp, RecordKeys.of(late.tenant, late.shard), WireCodec.encode(batch.build()));
    }
}
