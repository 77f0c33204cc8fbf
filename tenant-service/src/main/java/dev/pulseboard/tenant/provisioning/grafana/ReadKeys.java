package dev.pulseboard.tenant.provisioning.grafana;

import dev.pulseboard.contract.tenant.TenantId;
import java.util.UUID;

/** The tenant's read keys, as far as a datasource needs them (in production: IngestKeyService, scope read). */
public interface ReadKeys {

    /** A new key of the tenant with scope read only; the raw key exists only in the answer. */
    ReadKey issue(TenantId tenant);

    /** The key exists for this tenant, has scope read and is not revoked. */
    boolean isActive(TenantId tenant, UUID id);

    /** Revokes the key and tells the gateways; a key that is unknown or revoked already is no error. */
    void revoke(TenantId tenant, UUID id);
}
