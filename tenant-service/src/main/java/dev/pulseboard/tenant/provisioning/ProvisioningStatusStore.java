package dev.pulseboard.tenant.provisioning;

import dev.pulseboard.contract.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Where the reconciler keeps what it did (provisioning_status). A row exists from a tenant's first run in a target
 * until the target has nothing of it left, and it outlives the tenant's own row: it is how a tenant that is gone is
 * still known to need removing.
 */
public interface ProvisioningStatusStore {

    /** The tenants with a row for the target: every tenant the target may hold something of. */
    Set<TenantId> tenantsIn(Target target);

    /** READY and FAILED write the row ({@link TargetStatus#after}); REMOVED deletes it. */
    void record(TenantId tenant, Target target, Outcome outcome, Instant now);

    /** The tenant's rows, by target. */
    List<TargetStatus> statusOf(TenantId tenant);
}
