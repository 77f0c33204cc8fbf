package dev.pulseboard.pipeline.limits;

import dev.pulseboard.contract.limits.Limits;
import dev.pulseboard.contract.limits.TenantLimits;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * Where an operator gets the per-tenant limits when it opens: a serialisable recipe, so the job graph can carry it.
 * In production the compacted tenant-limits topic, the same source the gateway reads (ADR 005); tests pass fixed
 * limits.
 */
public interface LimitsProvider extends Serializable {

    /** Opens (or joins) the limits; the operator calls {@link #release} when it closes. */
    TenantLimits open();

    default void release() {}

    /** Every tenant gets {@code defaults}, except those in {@code perTenant}. */
    static LimitsProvider fixed(Limits defaults, Map<String, Limits> perTenant) {
        HashMap<String, Limits> copy = new HashMap<>(perTenant);
        return () -> tenant -> copy.getOrDefault(tenant, defaults);
    }

    /** The platform defaults for everyone. */
    static LimitsProvider defaults() {
        return fixed(Limits.DEFAULTS, Map.of());
    }

    /** The tenant-limits topic at {@code bootstrapServers}, read once per JVM however many operators use it. */
    static LimitsProvider topic(String bootstrapServers, String topic) {
        return new TopicLimitsProvider(bootstrapServers, topic);
    }
}
