package dev.pulseboard.gateway.ingest.validation;

import dev.pulseboard.contract.limits.TenantLimits;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the tenant-limits topic has been read: before that, ingest answers 503. */
@Readiness
@ApplicationScoped
public class TenantLimitsReadiness implements HealthCheck {
    private final TenantLimits limits;

    TenantLimitsReadiness(TenantLimits limits) {
        this.limits = limits;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("tenant-limits").status(limits.ready()).build();
    }
}
