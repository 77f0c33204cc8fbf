package dev.pulseboard.tenant.keys;

import dev.pulseboard.contract.keys.KeyScope;
import dev.pulseboard.contract.tenant.IngestKeyGrants;
import dev.pulseboard.contract.wire.v1.IngestKeyGrant;
import dev.pulseboard.tenant.config.TenantServiceConfig;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import dev.pulseboard.tenant.store.IngestKeyEntity;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Tells the gateways about keys through the ingest-keys topic (ADR 008). Each call returns once Kafka acknowledged;
 * otherwise it throws 503 err-pb-key-directory-unavailable. Only the key's hash, tenant, id, display prefix and scopes
 * travel.
 */
@ApplicationScoped
public class KeyGrantPublisher {
    private final IngestKeyGrants grants;

    KeyGrantPublisher(TenantServiceConfig config) {
        TenantServiceConfig.Kafka kafka = config.kafka();
        this.grants = new IngestKeyGrants(kafka.bootstrapServers(), kafka.keysTopic(), kafka.sendTimeout());
    }

    void grant(IngestKeyEntity key) {
        try {
            grants.grant(
                    key.keyHash,
                    IngestKeyGrant.newBuilder()
                            .setTenant(key.tenantId)
                            .setKeyId(key.id.toString())
                            .setPrefix(key.prefix)
                            .addAllScopes(
                                    key.scopeSet().stream().map(KeyScope::wire).toList())
                            .build());
        } catch (IllegalStateException e) {
            throw unavailable("No key was created; retry.", e);
        }
    }

    void revoke(IngestKeyEntity key) {
        try {
            grants.revoke(key.keyHash);
        } catch (IllegalStateException e) {
            throw unavailable(
                    "The key is revoked, but the gateways could not be told yet; they will be as soon as Kafka answers"
                            + " (retried every few seconds). Until then the key may still be accepted.",
                    e);
        }
    }

    private static ProblemException unavailable(String message, Exception cause) {
        return new ProblemException(TenantError.KEY_DIRECTORY_UNAVAILABLE, message, null, cause);
    }

    @PreDestroy
    void close() {
        grants.close();
    }
}
