package dev.pulseboard.tenant.provisioning;

import dev.pulseboard.contract.keys.KeyScope;
import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import dev.pulseboard.tenant.keys.IngestKeyService;
import dev.pulseboard.tenant.keys.IssuedKey;
import dev.pulseboard.tenant.provisioning.grafana.ReadKey;
import dev.pulseboard.tenant.provisioning.grafana.ReadKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Grafana datasources' read keys are ordinary keys of the tenant with scope read (IngestKeyService): listed to the
 * tenant like any other, granted to the gateways over the ingest-keys topic (ADR 008), stored hashed.
 */
@ApplicationScoped
public class IngestReadKeys implements ReadKeys {
    private static final Logger LOG = Logger.getLogger(IngestReadKeys.class);

    private final IngestKeyService keys;

    IngestReadKeys(IngestKeyService keys) {
        this.keys = keys;
    }

    // TODO key names: once keys carry a name, call this one "Grafana (provisioned)" so that tenants see what it is for.
    @Override
    public ReadKey issue(TenantId tenant) {
        IssuedKey issued = keys.issue(tenant, Set.of(KeyScope.READ));
        return new ReadKey(issued.id(), issued.key());
    }

    @Override
    public boolean isActive(TenantId tenant, UUID id) {
        return keys.list(tenant).stream()
                .anyMatch(key -> key.id().equals(id)
                        && key.revokedAt() == null
                        && key.scopes().contains(KeyScope.READ.id()));
    }

    /**
     * The revocation commits first; telling the gateways may fail while Kafka is down, which the outbox
     * (ControlTopicOutbox) retries, so that is no failure here. A key that is gone (its tenant's row deleted, keys
     * with it) is no failure either.
     */
    @Override
    public void revoke(TenantId tenant, UUID id) {
        try {
            keys.revoke(tenant, id);
        } catch (ProblemException e) {
            if (e.errorId() == TenantError.KEY_NOT_FOUND) {
                return;
            }
            throw e;
        }
        try {
            keys.confirmRevocation(tenant, id);
        } catch (ProblemException e) {
            if (e.errorId() != TenantError.KEY_DIRECTORY_UNAVAILABLE) {
                throw e;
            }
            LOG.warnf(
                    "tenant %s: revocation of read key %s committed; the gateways learn it once Kafka is back",
                    tenant, id);
        }
    }
}
