package dev.pulseboard.pipeline.telemetry;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Flink counters labelled {tenant, reason} (or {tenant} alone), created on first use.
 *
 * <p>Registered as {@code <group>.tenant.<tenant>.reason.<reason-id>.<name>}, so reporters that understand Flink's
 * key/value groups (Prometheus, JMX) expose {@code tenant} and {@code reason} as labels. Not thread-safe: one
 * instance per operator subtask, used from the task thread only. The map grows with the number of tenants seen
 * by this subtask, which is the intended cardinality of these counters.
 */
public final class TenantCounters {
    private final MetricGroup group;
    private final String name;
    private final Map<String, Counter> counters = new HashMap<>();

    public TenantCounters(MetricGroup group, String name) {
        this.group = group;
        this.name = name;
    }

    /** Increments the counter of {@code tenant} and {@code reason} (a stable error ID) by {@code n}. */
    public void inc(String tenant, String reason, long n) {
        String key = tenant + '\u0000' + reason;
        Counter c = counters.get(key);
        if (c == null) {
            c = group.addGroup("tenant", tenant).addGroup("reason", reason).counter(name);
            counters.put(key, c);
        }
        c.inc(n);
    }

    public void inc(String tenant, String reason) {
        inc(tenant, reason, 1);
    }

    /** Increments the counter of {@code tenant} (no reason label) by {@code n}. */
    public void incTenant(String tenant, long n) {
        Counter c = counters.get(tenant);
        if (c == null) {
            c = group.addGroup("tenant", tenant).counter(name);
            counters.put(tenant, c);
        }
        c.inc(n);
    }
}
