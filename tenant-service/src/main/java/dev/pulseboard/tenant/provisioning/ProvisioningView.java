package dev.pulseboard.tenant.provisioning;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pulseboard.contract.tenant.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** {@code GET /api/provisioning}: where the caller's tenant stands in each target. */
public record ProvisioningView(String tenant, List<TargetView> targets) {

    /** One target; the times and attempts are absent for a target that has not run for the tenant. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TargetView(
            String target,
            ProvisioningState state,
            String detail,
            Integer attempts,
            Instant updatedAt,
            Instant checkedAt) {}

    /** Every target in {@link Target} order: NOT_CONFIGURED, PENDING (configured, no row yet) or the row's state. */
    static ProvisioningView of(TenantId tenant, List<TargetStatus> rows, Predicate<Target> configured) {
        List<TargetView> views = new ArrayList<>();
        for (Target target : Target.values()) {
            TargetStatus row =
                    rows.stream().filter(r -> r.target() == target).findFirst().orElse(null);
            if (!configured.test(target)) {
                views.add(new TargetView(
                        target.id(), ProvisioningState.NOT_CONFIGURED, "not configured", null, null, null));
            } else if (row == null || row.state() == ProvisioningState.PENDING) {
                views.add(new TargetView(
                        target.id(), ProvisioningState.PENDING, "waiting for the next run", null, null, null));
            } else {
                views.add(new TargetView(
                        target.id(), row.state(), row.detail(), row.attempts(), row.updatedAt(), row.checkedAt()));
            }
        }
        return new ProvisioningView(tenant.value(), views);
    }
}
