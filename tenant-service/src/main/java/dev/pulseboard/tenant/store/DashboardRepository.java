package dev.pulseboard.tenant.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Every query takes the caller's tenant, so one tenant never sees, changes or counts another's dashboards, even one
 * with the same uid.
 */
@ApplicationScoped
public class DashboardRepository implements PanacheRepositoryBase<DashboardEntity, DashboardEntity.Key> {

    /** One line of the list: the model's {@code tags} as JSON text (null when the model has none). */
    public record Summary(String uid, String title, int version, Instant updatedAt, String tagsJson) {}

    /**
     * The tenant's dashboards by title, then uid, in code-point order (collation "C": the same on every server). Only
     * the model's "tags" leave the database, not the whole JSON (up to a megabyte per dashboard). The cast is to
     * {@code json}, not {@code jsonb}, which refuses a model holding a (JSON-escaped) NUL character.
     */
    public List<Summary> summaries(String tenantId) {
        List<Object[]> rows = getSession()
                .createNativeQuery(
                        "select uid, title, version, updated_at, (model::json -> 'tags')::text as tags"
                                + " from dashboards where tenant_id = :tenant"
                                + " order by title collate \"C\", uid collate \"C\"",
                        Object[].class)
                .setParameter("tenant", tenantId)
                .addScalar("uid", String.class)
                .addScalar("title", String.class)
                .addScalar("version", Integer.class)
                .addScalar("updated_at", Instant.class)
                .addScalar("tags", String.class)
                .getResultList();
        return rows.stream()
                .map(r -> new Summary((String) r[0], (String) r[1], (Integer) r[2], (Instant) r[3], (String) r[4]))
                .toList();
    }

    public Optional<DashboardEntity> findForTenant(String tenantId, String uid) {
        return find("tenantId = ?1 and uid = ?2", tenantId, uid).firstResultOptional();
    }

    /** As {@link #findForTenant}, with the row locked until the transaction ends: concurrent changes take turns. */
    public Optional<DashboardEntity> lockForTenant(String tenantId, String uid) {
        return find("tenantId = ?1 and uid = ?2", tenantId, uid)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    public long countForTenant(String tenantId) {
        return count("tenantId = ?1", tenantId);
    }

    public boolean deleteForTenant(String tenantId, String uid) {
        return delete("tenantId = ?1 and uid = ?2", tenantId, uid) > 0;
    }
}
