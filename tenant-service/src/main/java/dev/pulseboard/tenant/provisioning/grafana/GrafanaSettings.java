package dev.pulseboard.tenant.provisioning.grafana;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the reconciler reaches Grafana and what it points tenants' datasources at (from
 * {@code pulseboard.tenant.provisioning.grafana.*}). {@code adminPassword} is a secret: never logged, never shown.
 */
public record GrafanaSettings(URI url, String adminUser, String adminPassword, URI queryUrl, Duration timeout) {
    public GrafanaSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(adminUser, "adminUser");
        Objects.requireNonNull(adminPassword, "adminPassword");
        Objects.requireNonNull(queryUrl, "queryUrl");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("grafana timeout must be > 0");
        }
    }

    @Override
    public String toString() {
        return "GrafanaSettings[url=" + url + ", adminUser=" + adminUser + ", queryUrl=" + queryUrl + "]";
    }
}
