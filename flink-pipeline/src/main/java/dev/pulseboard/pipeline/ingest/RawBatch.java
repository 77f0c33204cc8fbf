package dev.pulseboard.pipeline.ingest;

import dev.pulseboard.contract.wire.v1.SampleBatch;
import dev.pulseboard.pipeline.serialization.RawBatchSerializer;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One decoded metrics-raw record on its way from the Kafka source to the chained pre-aggregator: the batch and the
 * record's broker append time (metrics-raw is LogAppendTime), which is the ingestion clock of ADR 005. With object
 * reuse on and the pre-aggregator chained to the source it is handed over as it is, never serialised.
 *
 * @param batch        the decoded batch: one tenant's samples, or a watermark tick ({@code batch.getTick()})
 * @param appendTimeMs the record's Kafka timestamp: when the broker appended it, epoch ms
 */
@TypeInfo(RawBatchSerializer.Factory.class)
public record RawBatch(SampleBatch batch, long appendTimeMs) {}
