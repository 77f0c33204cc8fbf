package dev.pulseboard.tenant.provisioning;

import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.provisioning.grafana.ReadKeyLedger;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** provisioning_status in PostgreSQL: the reconciler's {@link ProvisioningStatusStore} and read-key ledger. */
@ApplicationScoped
public class ProvisioningStatusRepository
        implements PanacheRepositoryBase<ProvisioningStatusEntity, ProvisioningStatusEntity.Key>,
                ProvisioningStatusStore,
                ReadKeyLedger {

    @Override
    @Transactional
    public Set<TenantId> tenantsIn(Target target) {
        return list("target", target.id()).stream()
                .map(row -> new TenantId(row.tenantId))
                .collect(Collectors.toSet());
    }

    @Override
    @Transactional
    public void record(TenantId tenant, Target target, Outcome outcome, Instant now) {
        ProvisioningStatusEntity row = findById(key(tenant, target));
        if (outcome.kind() == Outcome.Kind.REMOVED) {
            if (row != null) {
                delete(row);
            }
            return;
        }
        TargetStatus before = row == null || ProvisioningState.PENDING.name().equals(row.state) ? null : row.toStatus();
        if (row == null) {
            row = newRow(tenant, target);
            persist(row);
        }
        row.set(TargetStatus.after(before, tenant, target, outcome, micros(now)));
    }

    @Override
    @Transactional
    public List<TargetStatus> statusOf(TenantId tenant) {
        return list("tenantId", Sort.by("target"), tenant.value()).stream()
                .map(ProvisioningStatusEntity::toStatus)
                .toList();
    }

    @Override
    @Transactional
    public Optional<UUID> readKey(TenantId tenant) {
        return findByIdOptional(key(tenant, Target.GRAFANA)).map(row -> row.readKeyId);
    }

    @Override
    @Transactional
    public void recordReadKey(TenantId tenant, UUID id) {
        ProvisioningStatusEntity row = findById(key(tenant, Target.GRAFANA));
        if (row == null) {
            row = newRow(tenant, Target.GRAFANA);
            persist(row);
        }
        row.readKeyId = id;
    }

    private static ProvisioningStatusEntity newRow(TenantId tenant, Target target) {
        ProvisioningStatusEntity row = new ProvisioningStatusEntity();
        row.tenantId = tenant.value();
        row.target = target.id();
        row.state = ProvisioningState.PENDING.name();
        row.detail = "";
        row.attempts = 0;
        Instant now = micros(Instant.now());
        row.updatedAt = now;
        row.checkedAt = now;
        return row;
    }

    private static ProvisioningStatusEntity.Key key(TenantId tenant, Target target) {
        return new ProvisioningStatusEntity.Key(tenant.value(), target.id());
    }

    // PostgreSQL keeps microseconds: what is compared later must be what was stored.
    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
