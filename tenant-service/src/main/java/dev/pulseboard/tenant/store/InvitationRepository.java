package dev.pulseboard.tenant.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Invitations; every lookup by id is scoped to the caller's tenant, by token to the token's hash. */
@ApplicationScoped
public class InvitationRepository implements PanacheRepositoryBase<InvitationEntity, UUID> {

    public List<InvitationEntity> pendingForTenant(String tenantId, Instant now) {
        return list(
                "tenantId = ?1 and acceptedAt is null and revokedAt is null and expiresAt > ?2",
                Sort.by("createdAt"),
                tenantId,
                now);
    }

    public Optional<InvitationEntity> findForTenant(String tenantId, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResultOptional();
    }

    public Optional<InvitationEntity> findByTokenHash(String hash) {
        return find("tokenHash", hash).firstResultOptional();
    }

    /** As {@link #findByTokenHash}, locked until the transaction ends: two acceptances of one link take turns. */
    public Optional<InvitationEntity> lockByTokenHash(String hash) {
        return find("tokenHash", hash).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }
}
