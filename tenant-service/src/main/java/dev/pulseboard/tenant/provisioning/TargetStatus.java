package dev.pulseboard.tenant.provisioning;

import dev.pulseboard.contract.tenant.TenantId;
import java.time.Instant;

/**
 * One tenant's standing in one target, as provisioning_status keeps it. {@code attempts}: failed runs in a row (0 once
 * READY); {@code updatedAt}: when state or detail last changed; {@code checkedAt}: the last run that looked.
 */
public record TargetStatus(
        TenantId tenant,
        Target target,
        ProvisioningState state,
        String detail,
        int attempts,
        Instant updatedAt,
        Instant checkedAt) {

    /**
     * The row after a run's READY or FAILED outcome, given the row before (null if none). Only a change of state or
     * detail moves {@code updatedAt}, so a run that finds everything in place leaves the row as it was but for
     * {@code checkedAt}.
     */
    public static TargetStatus after(
            TargetStatus before, TenantId tenant, Target target, Outcome outcome, Instant now) {
        ProvisioningState state = switch (outcome.kind()) {
            case READY -> ProvisioningState.READY;
            case FAILED -> ProvisioningState.FAILED;
            case REMOVED -> throw new IllegalArgumentException("a removed tenant has no status row");
        };
        int attempts = state == ProvisioningState.READY ? 0 : (before == null ? 0 : before.attempts()) + 1;
        boolean changed =
                before == null || before.state() != state || !before.detail().equals(outcome.detail());
        return new TargetStatus(
                tenant, target, state, outcome.detail(), attempts, changed ? now : before.updatedAt(), now);
    }
}
