package dev.pulseboard.tenant.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** A tenant's audit log, newest first. */
@ApplicationScoped
public class AuditEventRepository implements PanacheRepositoryBase<AuditEventEntity, Long> {

    /** Up to {@code limit} events of the tenant older than {@code before} (all when null), newest first. */
    public List<AuditEventEntity> page(String tenantId, Long before, int limit) {
        var query = before == null
                ? find("tenantId", Sort.descending("id"), tenantId)
                : find("tenantId = ?1 and id < ?2", Sort.descending("id"), tenantId, before);
        return query.page(Page.ofSize(limit)).list();
    }
}
