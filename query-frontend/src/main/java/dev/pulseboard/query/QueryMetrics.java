package dev.pulseboard.query;

import dev.pulseboard.query.promql.QueryRejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code pulseboard_query_rejected_total{tenant, reason}}: queries refused by the query frontend before reaching
 * Prometheus, by stable error id. Authentication failures have no tenant and are counted by the auth layer.
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
}
