package dev.pulseboard.tenant.provisioning.grafana;

import dev.pulseboard.contract.tenant.TenantId;
import java.util.Optional;
import java.util.UUID;

/**
 * Which read key the reconciler last pushed into the tenant's Grafana datasource (provisioning_status.read_key_id of
 * the grafana row). Only keys recorded here are ever revoked by the reconciler.
 */
public interface ReadKeyLedger {

    Optional<UUID> readKey(TenantId tenant);

    void recordReadKey(TenantId tenant, UUID id);
}
