package dev.pulseboard.tenant.provisioning;

import dev.pulseboard.contract.tenant.TenantId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * A target provisioned tenant by tenant (Grafana: an organisation each). Each tenant is applied or removed in its own
 * try/catch, so one tenant's failure leaves the next one's turn untouched.
 */
public abstract class PerTenantTarget implements ProvisioningTarget {
    private static final Logger LOG = Logger.getLogger(PerTenantTarget.class);

    /** Provisions the tenant; answers what exists now (the READY detail). */
    protected abstract String apply(TenantId tenant);

    /** Removes everything of the tenant; answers what was removed. Must succeed when nothing is left already. */
    protected abstract String removeTenant(TenantId tenant);

    /** The detail of a failure, safe to show the tenant. */
    protected abstract String describe(RuntimeException failure);

    @Override
    public final Map<TenantId, Outcome> reconcile(Set<TenantId> present, Set<TenantId> absent) {
        Map<TenantId, Outcome> outcomes = new LinkedHashMap<>();
        for (TenantId tenant : present) {
            outcomes.put(tenant, applying(tenant));
        }
        for (TenantId tenant : absent) {
            outcomes.put(tenant, remove(tenant, present));
        }
        return outcomes;
    }

    @Override
    public final Outcome remove(TenantId tenant, Set<TenantId> present) {
        try {
            return Outcome.removed(removeTenant(tenant));
        } catch (RuntimeException e) {
            LOG.warnf("%s: removing tenant %s failed: %s", target().id(), tenant, e);
            return Outcome.failed("removing: " + describe(e));
        }
    }

    private Outcome applying(TenantId tenant) {
        try {
            return Outcome.ready(apply(tenant));
        } catch (RuntimeException e) {
            LOG.warnf("%s: provisioning tenant %s failed: %s", target().id(), tenant, e);
            return Outcome.failed(describe(e));
        }
    }
}
