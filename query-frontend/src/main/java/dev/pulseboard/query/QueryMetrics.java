package dev.pulseboard.query;

import dev.pulseboard.query.promql.QueryRejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code pulseboard_query_rejected_total{tenant, reason}}: queries refused by the query frontend before reaching
 * Prometheus, by stable error id. Authentication failures have no tenant and are counted by the auth layer.
 * {@code pulseboard_query_prometheus_seconds_total{tenant}}: the time each tenant's requests spent at Prometheus, what
 * its budget of Prometheus time ({@code query_eval_ms_per_second}) is charged with.
 */
@ApplicationScoped
public class QueryMetrics {
    private final MeterRegistry registry;

    public QueryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void rejected(String tenant, QueryRejectReason reason) {
        Counter.builder("pulseboard.query.rejected")
                .description("Queries refused by the query frontend before reaching Prometheus")
                .tag("tenant", tenant)
                .tag("reason", reason.id())
                .register(registry)
                .increment();
    }

    void atPrometheus(String tenant, long nanos) {
        Counter.builder("pulseboard.query.prometheus.seconds")
                .description("Time the tenant's requests spent at Prometheus (charged to its query_eval_ms_per_second)")
                .tag("tenant", tenant)
                .register(registry)
                .increment(nanos / 1e9);
    }
}
