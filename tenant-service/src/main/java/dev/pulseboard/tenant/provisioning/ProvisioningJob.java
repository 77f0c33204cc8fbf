package dev.pulseboard.tenant.provisioning;

import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.config.TenantServiceConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Runs the provisioning reconciler every {@code pulseboard.tenant.provisioning.interval}, and offers
 * {@link #deprovision} to the deletion of an organisation. One reconciliation at a time in this process: a scheduled
 * run and a deprovisioning wait for each other. With no target configured a run does nothing, not even a query.
 */
@ApplicationScoped
public class ProvisioningJob {
    private static final Logger LOG = Logger.getLogger(ProvisioningJob.class);
    private static final Duration FIRST_RUN_AFTER = Duration.ofSeconds(10);

    private final ProvisioningReconciler reconciler;
    private final boolean anyTarget;
    private final Duration interval;

    ProvisioningJob(
            ActiveTenants desired,
            ProvisioningStatusRepository status,
            ProvisioningTargets targets,
            TenantServiceConfig config) {
        this.reconciler = new ProvisioningReconciler(desired, status, targets.all(), Clock.systemUTC());
        this.anyTarget = !targets.all().isEmpty();
        this.interval = config.provisioning().interval();
    }

    void schedule(@Observes StartupEvent started, Scheduler scheduler) {
        if (!anyTarget) {
            return;
        }
        scheduler
                .newJob("pulseboard-provisioning")
                .setInterval(interval.toString())
                .setDelayed(FIRST_RUN_AFTER.toString())
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> run())
                .schedule();
    }

    /** One reconciliation of every configured target. */
    public synchronized void run() {
        try {
            reconciler.run();
        } catch (RuntimeException e) {
            // The desired state could not be read (PostgreSQL down): nothing was changed; the next run tries again.
            LOG.warnf("provisioning run skipped: %s", e.getMessage());
        }
    }

    /**
     * Removes everything of the tenant from every configured target now (ProvisioningReconciler#deprovision): call it
     * once the tenant's row is DELETING or deleted. Targets that fail are retried by every later run.
     */
    public synchronized Map<Target, Outcome> deprovision(TenantId tenant) {
        return reconciler.deprovision(tenant);
    }
}
