package dev.pulseboard.tenant.retention;

import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.limits.LimitsService;
import dev.pulseboard.tenant.organizations.StoreDeletion;
import dev.pulseboard.tenant.store.TenantRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Per-tenant retention in a store that has one retention for everyone (Prometheus' {@code --storage.tsdb.retention}):
 * every {@code pulseboard.tenant.retention.interval}, each ACTIVE tenant whose limit {@code retention_ms} is above 0
 * (its plan's or its override, ADR 014) has its samples older than now minus that deleted through the store's
 * delete-series API, and the tombstones are then cleaned once for all. A tenant the store cannot serve this round is
 * retried on the next; the others go on. With Thanos, per-tenant retention is the compactor's job instead
 * (docs/deploy.md, "Retention").
 */
@ApplicationScoped
public class RetentionEnforcer {
    private static final Logger LOG = Logger.getLogger(RetentionEnforcer.class);
    static final String RETENTION = "retention_ms";

    private final TenantRepository tenants;
    private final LimitsService limits;
    private final StoreDeletion store;

    RetentionEnforcer(TenantRepository tenants, LimitsService limits, StoreDeletion store) {
        this.tenants = tenants;
        this.limits = limits;
        this.store = store;
    }

    @Scheduled(
            every = "${pulseboard.tenant.retention.interval:1h}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        enforce(Instant.now());
    }

    /** Deletes what each tenant's retention no longer covers at {@code now}; returns the tenants trimmed. */
    public int enforce(Instant now) {
        List<String> active = QuarkusTransaction.requiringNew()
                .call(() -> tenants.active().stream().map(t -> t.id).toList());
        int trimmed = 0;
        for (String id : active) {
            TenantId tenant = new TenantId(id);
            try {
                long retentionMs = limits.get(tenant).limits().path(RETENTION).asLong(0);
                if (retentionMs > 0) {
                    store.deleteSamplesOf(tenant, now.minus(Duration.ofMillis(retentionMs)));
                    trimmed++;
                }
            } catch (RuntimeException e) {
                LOG.warnf("retention of tenant %s not enforced this round: %s", id, e.getMessage());
            }
        }
        if (trimmed > 0) {
            try {
                store.cleanTombstones();
            } catch (RuntimeException e) {
                LOG.warnf("store tombstones not cleaned this round: %s", e.getMessage());
            }
            LOG.infof("retention: deleted samples past their tenant's retention for %d tenant(s)", trimmed);
        }
        return trimmed;
    }
}
