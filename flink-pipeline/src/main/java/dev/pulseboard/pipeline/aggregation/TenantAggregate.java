package dev.pulseboard.pipeline.aggregation;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.pulseboard.contract.wire.v1.Aggregate;

/**
 * A window result on its way to the sinks: the contract's {@code Aggregate} plus what it does not carry itself.
 *
 * <p>The aggregate travels as its protobuf bytes: Flink cannot serialise protobuf messages without Kryo and an extra
 * serializer, while the bytes are the stable wire form both sinks need anyway.
 *
 * @param tenant    tenant of the series (the {@code tenant} label and the metrics-agg key prefix)
 * @param shard     {@code SeriesKey} shard of the series, for the metrics-agg record key {@code "<tenant>/<shard>"}
 * @param aggregate serialised {@link Aggregate}
 */
public record TenantAggregate(String tenant, int shard, byte[] aggregate) {

    public static TenantAggregate of(String tenant, int shard, Aggregate aggregate) {
        return new TenantAggregate(tenant, shard, aggregate.toByteArray());
    }

    public Aggregate parsed() {
        try {
            return Aggregate.parseFrom(aggregate);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("TenantAggregate holds bytes this job did not write", e);
        }
    }
}
