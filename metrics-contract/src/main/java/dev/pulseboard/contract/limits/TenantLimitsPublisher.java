package dev.pulseboard.contract.limits;

import dev.pulseboard.contract.feed.CompactedTopicWriter;
import dev.pulseboard.contract.wire.Topics;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.LimitsOverrides;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Writes a tenant's limit overrides to the compacted tenant-limits topic, which every {@link TenantLimitsFeed} (the
 * gateways and the pipeline) applies within its poll interval. Used by the operator's {@code ./pulseboard limits} and
 * by the control plane; {@link TenantLimitsFeed#PLATFORM} as the tenant overrides the defaults for everyone.
 */
public final class TenantLimitsPublisher implements AutoCloseable {
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private final CompactedTopicWriter writer;

    public TenantLimitsPublisher(String bootstrapServers) {
        this(bootstrapServers, Topics.TENANT_LIMITS);
    }

    public TenantLimitsPublisher(String bootstrapServers, String topic) {
        this.writer = new CompactedTopicWriter(bootstrapServers, topic, "tenant-limits-publisher", SEND_TIMEOUT);
    }

    /** Replaces the tenant's overrides (fields not set fall back to the defaults); returns once acknowledged. */
    public void publish(String tenant, LimitsOverrides overrides) {
        send(tenant, WireCodec.encode(overrides));
    }

    /** Removes the tenant's overrides: its limits return to the defaults. */
    public void clear(String tenant) {
        send(tenant, null);
    }

    private void send(String tenant, byte[] value) {
        try {
            writer.put(tenant.getBytes(StandardCharsets.UTF_8), value);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("tenant-limits record for " + tenant + " not acknowledged", e);
        }
    }

    @Override
    public void close() {
        writer.close();
    }
}
