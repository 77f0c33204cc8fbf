package dev.pulseboard.pipeline.kafka;

import dev.pulseboard.pipeline.ingest.SampleBatchDecoder;
import dev.pulseboard.pipeline.ingest.SampleEvent;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * metrics-raw record -> the valid {@link SampleEvent}s of its batch, inside the Kafka source. Decoding here, rather
 * than in an operator after the source, lets the source generate watermarks per partition (ADR 002): a subtask that
 * reads several partitions and falls behind on one never makes that partition's samples late. A null value
 * (tombstone) is decoded as an empty record, which the decoder counts as truncated.
 */
public class SampleBatchDeserializer implements KafkaRecordDeserializationSchema<SampleEvent> {
    private static final byte[] EMPTY = new byte[0];
    private final SampleBatchDecoder decoder;

    public SampleBatchDeserializer(SampleBatchDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        decoder.open(context.getMetricGroup());
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SampleEvent> out) {
        decoder.decode(record.value() == null ? EMPTY : record.value(), Math.max(0, record.timestamp()), out);
    }

    @Override
    public TypeInformation<SampleEvent> getProducedType() {
        return TypeInformation.of(SampleEvent.class);
    }
}
