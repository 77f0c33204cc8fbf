package dev.pulseboard.tenant.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Every query that takes a rule id also takes the caller's tenant, so one tenant never sees another's rules. */
@ApplicationScoped
public class WebhookRuleRepository implements PanacheRepositoryBase<WebhookRuleEntity, String> {

    public List<WebhookRuleEntity> listForTenant(String tenantId) {
        return list("tenantId = ?1 and deletedAt is null", Sort.by("createdAt").and("id"), tenantId);
    }

    public Optional<WebhookRuleEntity> findForTenant(String tenantId, String id) {
        return find("tenantId = ?1 and id = ?2 and deletedAt is null", tenantId, id)
                .firstResultOptional();
    }

    /** Whether any of the tenant's rules is live or its deletion not yet acknowledged by Kafka. */
    public boolean anyNotDeletedEverywhere(String tenantId) {
        return count("tenantId = ?1 and (deletedAt is null or publishedAt is null)", tenantId) > 0;
    }

    /** Rules whose current state the gateways may not know yet. */
    public List<WebhookRuleEntity> listUnpublished() {
        return list("publishedAt is null");
    }
}
