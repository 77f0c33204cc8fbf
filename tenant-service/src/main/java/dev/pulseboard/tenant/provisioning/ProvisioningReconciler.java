package dev.pulseboard.tenant.provisioning;

import dev.pulseboard.contract.tenant.TenantId;
import java.time.Clock;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Converges every configured target to the desired tenants (ADR 013): each run provisions every ACTIVE tenant and
 * removes every tenant a target still holds (it has a status row) that is no longer ACTIVE. Each target runs in its
 * own try/catch and records its own status, so a target that is down fails alone and converges on a later run; a
 * second run over an unchanged state writes nothing to any target.
 *
 * <p>Framework-free: the desired state, the status store and the targets are interfaces (ProvisioningJob wires them).
 * Not thread-safe; the caller runs one reconciliation at a time.
 */
public final class ProvisioningReconciler {
    private static final Logger LOG = Logger.getLogger(ProvisioningReconciler.class);
    private static final Comparator<TenantId> BY_ID = Comparator.comparing(TenantId::value);

    private final DesiredTenants desired;
    private final ProvisioningStatusStore status;
    private final List<ProvisioningTarget> targets;
    private final Clock clock;

    public ProvisioningReconciler(
            DesiredTenants desired, ProvisioningStatusStore status, List<ProvisioningTarget> targets, Clock clock) {
        this.desired = desired;
        this.status = status;
        this.targets = List.copyOf(targets);
        this.clock = clock;
    }

    /** One reconciliation of every configured target; answers each target's outcomes by tenant. */
    public Map<Target, Map<TenantId, Outcome>> run() {
        Map<Target, Map<TenantId, Outcome>> report = new EnumMap<>(Target.class);
        if (targets.isEmpty()) {
            return report;
        }
        Set<TenantId> present = sorted(desired.active());
        for (ProvisioningTarget target : targets) {
            Set<TenantId> absent = sorted(status.tenantsIn(target.target()));
            absent.removeAll(present);
            Map<TenantId, Outcome> outcomes = converge(target, present, absent);
            outcomes.forEach((tenant, outcome) -> record(tenant, target.target(), outcome));
            report.put(target.target(), outcomes);
        }
        return report;
    }

    /**
     * Removes everything of one tenant from every configured target, now: for the deletion of an organisation, once
     * the tenant's row is DELETING or gone. Answers each target's outcome; a FAILED one is retried by every later
     * run (the tenant keeps its status row until removed), so the caller may also just wait for
     * {@code GET /api/provisioning} to show no target.
     *
     * @throws IllegalStateException if the tenant is still ACTIVE (the next run would provision it again)
     */
    public Map<Target, Outcome> deprovision(TenantId tenant) {
        Set<TenantId> present = sorted(desired.active());
        if (present.contains(tenant)) {
            throw new IllegalStateException("tenant " + tenant + " is ACTIVE; it must be DELETING or gone first");
        }
        Map<Target, Outcome> outcomes = new EnumMap<>(Target.class);
        for (ProvisioningTarget target : targets) {
            Outcome outcome;
            try {
                outcome = target.remove(tenant, present);
            } catch (RuntimeException e) {
                outcome = failure(target, e);
            }
            record(tenant, target.target(), outcome);
            outcomes.put(target.target(), outcome);
        }
        return outcomes;
    }

    private static Map<TenantId, Outcome> converge(
            ProvisioningTarget target, Set<TenantId> present, Set<TenantId> absent) {
        Map<TenantId, Outcome> outcomes;
        try {
            outcomes = new LinkedHashMap<>(target.reconcile(present, absent));
        } catch (RuntimeException e) {
            Outcome failed = failure(target, e);
            outcomes = new LinkedHashMap<>();
            for (TenantId tenant : present) {
                outcomes.put(tenant, failed);
            }
            for (TenantId tenant : absent) {
                outcomes.put(tenant, Outcome.failed("removing: " + failed.detail()));
            }
            return outcomes;
        }
        Set<TenantId> missing = new HashSet<>(present);
        missing.addAll(absent);
        missing.removeAll(outcomes.keySet());
        for (TenantId tenant : missing) {
            outcomes.put(tenant, Outcome.failed("the target reported nothing for this tenant"));
        }
        return outcomes;
    }

    // Targets fail as a whole with messages written for the status (IllegalStateException); anything else is a bug
    // whose message is for the log.
    private static Outcome failure(ProvisioningTarget target, RuntimeException e) {
        LOG.warnf("%s: reconciliation failed: %s", target.target().id(), e);
        boolean ours = e instanceof IllegalStateException && e.getMessage() != null;
        return Outcome.failed(ours ? e.getMessage() : "internal error (see the tenant-service log)");
    }

    // A status write that fails (PostgreSQL down) loses only the record: the target itself is converged, and the next
    // run finds it so and records it then.
    private void record(TenantId tenant, Target target, Outcome outcome) {
        try {
            status.record(tenant, target, outcome, clock.instant());
        } catch (RuntimeException e) {
            LOG.warnf("%s: could not record the status of tenant %s: %s", target.id(), tenant, e.getMessage());
        }
    }

    private static Set<TenantId> sorted(Set<TenantId> tenants) {
        Set<TenantId> sorted = new TreeSet<>(BY_ID);
        sorted.addAll(tenants);
        return sorted;
    }
}
