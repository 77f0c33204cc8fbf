package dev.pulseboard.tenant.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class TenantLimitsRepository implements PanacheRepositoryBase<TenantLimitsEntity, String> {
    /** Rows whose current version Kafka has not acknowledged. */
    public List<TenantLimitsEntity> listUnpublished() {
        return list("publishedVersion is null or publishedVersion < version");
    }
}
