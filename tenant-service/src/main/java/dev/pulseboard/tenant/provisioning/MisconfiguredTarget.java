package dev.pulseboard.tenant.provisioning;

import dev.pulseboard.contract.tenant.TenantId;
import java.util.Map;
import java.util.Set;

/**
 * A target whose location is set but whose configuration is not usable (Grafana without its admin password, Thanos
 * without Receive endpoints): every run fails it with the reason, so that GET /api/provisioning and the log show it
 * instead of tenant-service refusing to start over a secondary feature.
 */
final class MisconfiguredTarget implements ProvisioningTarget {
    private final Target target;
    private final String reason;

    MisconfiguredTarget(Target target, String reason) {
        this.target = target;
        this.reason = reason;
    }

    @Override
    public Target target() {
        return target;
    }

    @Override
    public Map<TenantId, Outcome> reconcile(Set<TenantId> present, Set<TenantId> absent) {
        throw new IllegalStateException(target.id() + " is misconfigured: " + reason);
    }

    @Override
    public Outcome remove(TenantId tenant, Set<TenantId> present) {
        throw new IllegalStateException(target.id() + " is misconfigured: " + reason);
    }
}
