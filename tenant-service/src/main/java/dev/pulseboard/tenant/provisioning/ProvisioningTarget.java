package dev.pulseboard.tenant.provisioning;

import dev.pulseboard.contract.tenant.TenantId;
import java.util.Map;
import java.util.Set;

/**
 * One system tenants are provisioned into. Implementations are idempotent: converging to a state the target already
 * has sends no write. They may throw when the whole target is unusable (its server down, its directory unwritable);
 * the reconciler then records FAILED for every tenant of the call, and nothing else is affected.
 */
public interface ProvisioningTarget {

    Target target();

    /**
     * Converges the target: every tenant of {@code present} provisioned, every tenant of {@code absent} (disjoint from
     * present) removed. Answers one outcome per tenant of both sets.
     */
    Map<TenantId, Outcome> reconcile(Set<TenantId> present, Set<TenantId> absent);

    /**
     * Removes one tenant, which is not in {@code present}; a target holding all tenants in one place (a file) keeps
     * {@code present} as they are.
     */
    Outcome remove(TenantId tenant, Set<TenantId> present);
}
