package dev.pulseboard.tenant.organizations;

import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.usage.PlatformPrometheus;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Removes a tenant's data from the store through Prometheus' admin API: {@code delete_series} for every series with
 * {@code tenant="<id>"}, then {@code clean_tombstones} so the samples leave the disk. Prometheus must run with
 * {@code --web.enable-admin-api} (./pulseboard does, on 127.0.0.1 only). Thanos has no such API; with Thanos the
 * store's retention (or a bucket rewrite) removes the data (docs/deploy.md).
 */
@ApplicationScoped
public class StoreDeletion {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final PlatformPrometheus prometheus;

    StoreDeletion(PlatformPrometheus prometheus) {
        this.prometheus = prometheus;
    }

    /** Deletes every series of the tenant; throws {@link IllegalStateException} when the store did not. */
    public void deleteSeriesOf(TenantId tenant) {
        prometheus.admin("tsdb/delete_series?match[]=" + selector(tenant), TIMEOUT);
        cleanTombstones();
    }

    /**
     * Deletes the tenant's samples older than {@code before} (the series stay with their newer samples); the disk space
     * is freed at the next {@link #cleanTombstones}. Throws {@link IllegalStateException} when the store did not.
     */
    public void deleteSamplesOf(TenantId tenant, Instant before) {
        String end = BigDecimal.valueOf(before.toEpochMilli(), 3).toPlainString();
        prometheus.admin("tsdb/delete_series?match[]=" + selector(tenant) + "&end=" + end, TIMEOUT);
    }

    /** Removes deleted samples from the disk. */
    public void cleanTombstones() {
        prometheus.admin("tsdb/clean_tombstones", TIMEOUT);
    }

    private static String selector(TenantId tenant) {
        // TenantId is [a-z0-9-]: safe inside the selector's string literal.
        return URLEncoder.encode("{tenant=\"" + tenant.value() + "\"}", StandardCharsets.UTF_8);
    }
}
