package dev.pulseboard.tenant.provisioning.thanos;

import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.provisioning.Outcome;
import dev.pulseboard.tenant.provisioning.ProvisioningTarget;
import dev.pulseboard.tenant.provisioning.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Thanos Receive's two files (ADR 013): the hashring file with one hashring per present tenant, and the limits file
 * with each present tenant's limits. Both are rewritten from the whole set of tenants on every run, atomically and only
 * when their content changes; a tenant is removed by writing the files without it. Receive reloads both on change.
 */
public final class ThanosTarget implements ProvisioningTarget {
    private static final Logger LOG = Logger.getLogger(ThanosTarget.class);

    private final ThanosSettings settings;
    private final ThanosLimits limits;

    public ThanosTarget(ThanosSettings settings, ThanosLimits limits) {
        this.settings = settings;
        this.limits = limits;
    }

    @Override
    public Target target() {
        return Target.THANOS;
    }

    /** Writes both files for {@code present}; a failure to write fails the whole target (it throws). */
    @Override
    public Map<TenantId, Outcome> reconcile(Set<TenantId> present, Set<TenantId> absent) {
        write(present);
        String detail = settings.limitsFile().isPresent()
                ? "in the Receive hashring and limits files"
                : "in the Receive hashring file";
        Map<TenantId, Outcome> outcomes = new LinkedHashMap<>();
        present.forEach(tenant -> outcomes.put(tenant, Outcome.ready(detail)));
        absent.forEach(tenant -> outcomes.put(tenant, Outcome.removed("not in the Receive files any more")));
        return outcomes;
    }

    @Override
    public Outcome remove(TenantId tenant, Set<TenantId> present) {
        return reconcile(present, Set.of(tenant)).get(tenant);
    }

    private void write(Set<TenantId> present) {
        write(settings.hashringFile(), "hashring", HashringFile.render(present, settings.endpoints()));
        if (settings.limitsFile().isPresent()) {
            Map<TenantId, ThanosTenantLimits> perTenant = new LinkedHashMap<>();
            present.forEach(tenant -> perTenant.put(tenant, limits.limitsFor(tenant)));
            write(settings.limitsFile().get(), "limits", LimitsFile.render(perTenant));
        }
    }

    // The path and the I/O error go to the log only: the status detail is shown to tenants.
    private static void write(Path file, String kind, String content) {
        try {
            if (AtomicFile.writeIfChanged(file, content)) {
                LOG.infof("wrote the Thanos Receive %s file %s", kind, file);
            }
        } catch (IOException e) {
            LOG.errorf(e, "could not write the Thanos Receive %s file %s", kind, file);
            throw new IllegalStateException("could not write the Thanos Receive " + kind + " file", e);
        }
    }
}
