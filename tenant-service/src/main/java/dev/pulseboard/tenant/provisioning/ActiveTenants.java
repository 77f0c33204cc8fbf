package dev.pulseboard.tenant.provisioning;

import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.store.TenantEntity;
import dev.pulseboard.tenant.store.TenantRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The desired state in PostgreSQL: the ACTIVE rows of tenants. A PROVISIONING row (sign-up under way) is not provisioned
 * yet; a DELETING row, or none, is removed.
 */
@ApplicationScoped
public class ActiveTenants implements DesiredTenants {
    private final TenantRepository tenants;

    ActiveTenants(TenantRepository tenants) {
        this.tenants = tenants;
    }

    @Override
    @Transactional
    public Set<TenantId> active() {
        return tenants.list("status", TenantEntity.Status.ACTIVE).stream()
                .map(row -> new TenantId(row.id))
                .collect(Collectors.toSet());
    }
}
