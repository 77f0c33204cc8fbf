package dev.pulseboard.tenant.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Every query that takes a key id also takes the caller's tenant, so one tenant can never see another's keys. */
@ApplicationScoped
public class IngestKeyRepository implements PanacheRepositoryBase<IngestKeyEntity, UUID> {

    public List<IngestKeyEntity> listForTenant(String tenantId) {
        return list("tenantId", Sort.by("createdAt").and("id"), tenantId);
    }

    public Optional<IngestKeyEntity> findForTenant(String tenantId, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResultOptional();
    }

    /** Whether any of the tenant's keys is unrevoked or its revocation not yet acknowledged by Kafka. */
    public boolean anyNotRevokedEverywhere(String tenantId) {
        return count("tenantId = ?1 and (revokedAt is null or revocationPublishedAt is null)", tenantId) > 0;
    }

    /** How many keys of the tenant are not revoked. */
    public long countUnrevoked(String tenantId) {
        return count("tenantId = ?1 and revokedAt is null", tenantId);
    }

    /** Records that the tenant's key was used at {@code at}, unless a later use is already recorded; false if no such key. */
    public boolean recordUse(String tenantId, UUID id, Instant at) {
        return update(
                        "lastUsedAt = ?1 where id = ?2 and tenantId = ?3 and (lastUsedAt is null or lastUsedAt < ?1)",
                        at,
                        id,
                        tenantId)
                > 0;
    }

    /** Keys whose current state the gateways may not know yet: a grant or a revocation not acknowledged by Kafka. */
    public List<IngestKeyEntity> listUnpublished() {
        return list(
                "(revokedAt is null and grantPublishedAt is null) or (revokedAt is not null and revocationPublishedAt is null)");
    }
}
