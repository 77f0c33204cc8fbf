package dev.pulseboard.tenant.provisioning;

import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.provisioning.grafana.ReadKeyLedger;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** provisioning_status in memory, with ProvisioningStatusRepository's rules (REMOVED deletes, PENDING key rows). */
public final class InMemoryStatus implements ProvisioningStatusStore, ReadKeyLedger {
    private record Key(TenantId tenant, Target target) {}

    private final Map<Key, TargetStatus> rows = new HashMap<>();
    private final Map<TenantId, UUID> readKeys = new HashMap<>();
    private boolean failing;

    /** Every write throws from now on (PostgreSQL down) until {@link #recover()}. */
    public void fail() {
        failing = true;
    }

    public void recover() {
        failing = false;
    }

    @Override
    public Set<TenantId> tenantsIn(Target target) {
        Set<TenantId> tenants = rows.keySet().stream()
                .filter(k -> k.target() == target)
                .map(Key::tenant)
                .collect(Collectors.toSet());
        if (target == Target.GRAFANA) {
            tenants.addAll(readKeys.keySet());
        }
        return tenants;
    }

    @Override
    public void record(TenantId tenant, Target target, Outcome outcome, Instant now) {
        check();
        Key key = new Key(tenant, target);
        if (outcome.kind() == Outcome.Kind.REMOVED) {
            rows.remove(key);
            if (target == Target.GRAFANA) {
                readKeys.remove(tenant);
            }
            return;
        }
        rows.put(key, TargetStatus.after(rows.get(key), tenant, target, outcome, now));
    }

    @Override
    public List<TargetStatus> statusOf(TenantId tenant) {
        return rows.values().stream()
                .filter(s -> s.tenant().equals(tenant))
                .sorted(Comparator.comparing(TargetStatus::target))
                .toList();
    }

    @Override
    public Optional<UUID> readKey(TenantId tenant) {
        return Optional.ofNullable(readKeys.get(tenant));
    }

    @Override
    public void recordReadKey(TenantId tenant, UUID id) {
        check();
        readKeys.put(tenant, id);
    }

    public Optional<TargetStatus> status(TenantId tenant, Target target) {
        return Optional.ofNullable(rows.get(new Key(tenant, target)));
    }

    public boolean knows(TenantId tenant) {
        return rows.keySet().stream().anyMatch(k -> k.tenant().equals(tenant)) || readKeys.containsKey(tenant);
    }

    private void check() {
        if (failing) {
            throw new IllegalStateException("status store unavailable");
        }
    }
}
