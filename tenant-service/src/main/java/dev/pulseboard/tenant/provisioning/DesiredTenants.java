package dev.pulseboard.tenant.provisioning;

import dev.pulseboard.contract.tenant.TenantId;
import java.util.Set;

/** The desired state: the tenants that should be provisioned everywhere (in production the ACTIVE rows of tenants). */
@FunctionalInterface
public interface DesiredTenants {
    Set<TenantId> active();
}
