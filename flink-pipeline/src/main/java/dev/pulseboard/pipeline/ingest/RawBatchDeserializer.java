package dev.pulseboard.pipeline.ingest;

import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.WireCodec.DecodeError;
import dev.pulseboard.contract.wire.v1.SampleBatch;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * metrics-raw record -> {@link RawBatch}, inside the Kafka source, so that the source's watermark generator sees every
 * record's append time per partition (ADR 005). Never fails on input: a record whose frame or protobuf is bad, or
 * whose batch has no valid tenant id (ticks excepted), increments {@code recordsUndecodable{reason}} and is skipped;
 * such a record cannot be attributed to a tenant. Samples are validated later, per tenant, by the pre-aggregator.
 */
public class RawBatchDeserializer implements KafkaRecordDeserializationSchema<RawBatch> {
    private static final Logger LOG = LoggerFactory.getLogger(RawBatchDeserializer.class);

    private transient Map<DecodeError, Counter> undecodable;
    private transient Counter invalidTenant;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        open(context.getMetricGroup());
    }

    /** Creates the counters in {@code group}; call once before {@link #decode}. */
    public void open(MetricGroup group) {
        undecodable = new EnumMap<>(DecodeError.class);
        for (DecodeError e : DecodeError.values()) {
            undecodable.put(e, group.addGroup("reason", e.id()).counter("recordsUndecodable"));
        }
        invalidTenant =
                group.addGroup("reason", ErrorId.RECORD_INVALID_TENANT.id()).counter("recordsUndecodable");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawBatch> out) {
        RawBatch batch = decode(record.value(), record.timestamp());
        if (batch != null) {
            out.collect(batch);
        }
    }

    /** The record as a RawBatch, or null (counted) when it cannot be used. */
    public RawBatch decode(byte[] value, long appendTimeMs) {
        WireCodec.Decoded<SampleBatch> decoded = WireCodec.decode(value, SampleBatch.parser());
        if (!decoded.isOk()) {
            undecodable.get(decoded.error()).inc();
            LOG.debug("skipped metrics-raw record: {}", decoded.error().id());
            return null;
        }
        SampleBatch batch = decoded.message();
        if (!batch.getTick() && !TenantId.isValid(batch.getTenant())) {
            invalidTenant.inc();
            LOG.debug("skipped metrics-raw batch without a valid tenant id");
            return null;
        }
        return new RawBatch(batch, appendTimeMs);
    }

    @Override
    public TypeInformation<RawBatch> getProducedType() {
        return TypeInformation.of(RawBatch.class);
    }
}
