package dev.pulseboard.pipeline.aggregation;

import dev.pulseboard.contract.wire.v1.Aggregate;
import dev.pulseboard.pipeline.serialization.TenantAggregateSerializer;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A window result on its way to the sinks: the contract's {@link Aggregate} plus what it does not carry itself. The
 * sinks run chained to the aggregator, so the message is handed over as it is; should an edge ever serialise it,
 * {@link TenantAggregateSerializer} writes its protobuf bytes.
 *
 * @param tenant    tenant of the series (the {@code tenant} label and the metrics-agg key prefix)
 * @param shard     {@code SeriesKey} shard of the series, for the metrics-agg record key {@code "<tenant>/<shard>"}
 * @param aggregate the series over one window
 */
@TypeInfo(TenantAggregateSerializer.Factory.class)
public record TenantAggregate(String tenant, int shard, Aggregate aggregate) {}
