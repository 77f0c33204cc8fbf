package dev.pulseboard.pipeline.kafka;

import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Passes metrics-raw record values through as bytes; decoding (and counting what does not decode) happens in
 * {@code SampleBatchDecodeFunction}, where it is an ordinary, testable operator. A null value (tombstone) becomes
 * an empty array, which the decoder counts as truncated: Flink records cannot be null.
 */
public class RawRecordDeserializer implements KafkaRecordDeserializationSchema<byte[]> {
    private static final byte[] EMPTY = new byte[0];

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<byte[]> out) {
        out.collect(record.value() == null ? EMPTY : record.value());
    }

    @Override
    public TypeInformation<byte[]> getProducedType() {
        return PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
    }
}
