package dev.pulseboard.gateway.ingest.remotewrite;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pulseboard.contract.prometheus.MetricMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * The metric family types each tenant's Prometheus sent as remote-write metadata. Prometheus sends metadata in
 * requests of their own (every minute by default), not with the samples, so the gateway remembers them: bounded
 * (100,000 families over all tenants, least recently used out first) and forgotten after an hour unused. A family not
 * known here is typed by its name (RemoteWriteConverter). Keyed by tenant, so one tenant's metadata never types
 * another's series.
 */
@ApplicationScoped
public class MetricFamilyTypes {
    private final Cache<String, MetricMetadata.MetricType> types = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofHours(1))
            .build();

    public void remember(String tenant, MetricMetadata m) {
        if (!m.getMetricFamilyName().isEmpty() && m.getType() != MetricMetadata.MetricType.UNRECOGNIZED) {
            types.put(key(tenant, m.getMetricFamilyName()), m.getType());
        }
    }

    public MetricMetadata.MetricType typeOf(String tenant, String family) {
        return types.getIfPresent(key(tenant, family));
    }

    private static String key(String tenant, String family) {
        return tenant + '\u0000' + family;
    }
}
