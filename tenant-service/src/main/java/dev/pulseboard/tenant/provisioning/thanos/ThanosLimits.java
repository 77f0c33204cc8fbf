package dev.pulseboard.tenant.provisioning.thanos;

import dev.pulseboard.contract.tenant.TenantId;

/**
 * The limits each tenant gets in Receive's limits file. Today every tenant gets the configured defaults; a plans
 * feature answers per tenant here without touching the file format.
 */
@FunctionalInterface
public interface ThanosLimits {
    ThanosTenantLimits limitsFor(TenantId tenant);
}
