package dev.pulseboard.tenant.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class TenantRepository implements PanacheRepositoryBase<TenantEntity, String> {

    /** Sign-ups still PROVISIONING that began before {@code before}: ones that died half-way. */
    public List<TenantEntity> provisioningSince(Instant before) {
        return list("status = ?1 and createdAt < ?2", TenantEntity.Status.PROVISIONING, before);
    }

    /** The ACTIVE tenants among {@code ids}, in one query. */
    public List<TenantEntity> activeAmong(Collection<String> ids) {
        return list("id in ?1 and status = ?2", ids, TenantEntity.Status.ACTIVE);
    }

    /**
     * Locks the tenant's row until the transaction ends: membership changes of one organisation are serialised by it
     * (MemberService), on every tenant-service instance.
     */
    public void lock(String id) {
        find("id", id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** Every ACTIVE tenant. */
    public List<TenantEntity> active() {
        return list("status", TenantEntity.Status.ACTIVE);
    }

    /** Tenants DELETING since before {@code before}: their grace period is over. */
    public List<TenantEntity> deletingSince(Instant before) {
        return list("status = ?1 and deletingSince < ?2", TenantEntity.Status.DELETING, before);
    }

    /** Deletes the reservation only if it is still PROVISIONING (a sign-up that finished keeps its row). */
    public boolean deleteIfProvisioning(String id) {
        return delete("id = ?1 and status = ?2", id, TenantEntity.Status.PROVISIONING) > 0;
    }
}
