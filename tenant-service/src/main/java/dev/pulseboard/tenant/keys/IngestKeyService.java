package dev.pulseboard.tenant.keys;

import dev.pulseboard.contract.keys.KeyScope;
import dev.pulseboard.contract.tenant.IngestKeys;
import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.config.TenantServiceConfig;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import dev.pulseboard.tenant.store.IngestKeyEntity;
import dev.pulseboard.tenant.store.IngestKeyRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Ingest keys of a tenant. The raw key exists only in the {@link IssuedKey} returned by {@link #issue}; the database
 * holds {@code IngestKeys.hash(key)} and the display prefix. Every lookup by id is scoped to the caller's tenant, so
 * another tenant's key id is indistinguishable from an unknown one (404).
 *
 * <p>The gateways learn keys from the ingest-keys topic (ADR 008): a key's grant is written, and acknowledged, before
 * its row commits, so a key is never handed out that a gateway cannot learn; a revocation is written after its row
 * commits ({@link #confirmRevocation}), and {@link ControlTopicOutbox} writes again whatever Kafka did not acknowledge.
 */
@ApplicationScoped
public class IngestKeyService {
    static final int MAX_NAME = 60;
    private final IngestKeyRepository keys;
    private final KeyGrantPublisher publisher;
    private final int maxPerTenant;

    IngestKeyService(IngestKeyRepository keys, KeyGrantPublisher publisher, TenantServiceConfig config) {
        this.keys = keys;
        this.publisher = publisher;
        this.maxPerTenant = config.keys().maxPerTenant();
    }

    /**
     * A key with {@code scopes} (not empty). Joins the caller's transaction (sign-up issues the first key, with both
     * scopes, together with activating the tenant).
     */
    @Transactional
    public IssuedKey issue(TenantId tenant, Set<KeyScope> scopes) {
        return issue(tenant, scopes, "", null);
    }

    /**
     * A named key made by a member ({@code createdBy}: their e-mail): 400 err-pb-key-name-invalid for a name of more
     * than 60 characters or with control characters; 409 err-pb-key-limit when the tenant already holds
     * {@code pulseboard.tenant.keys.max-per-tenant} unrevoked keys.
     */
    @Transactional
    public IssuedKey issue(TenantId tenant, Set<KeyScope> scopes, String name, String createdBy) {
        String label = name == null ? "" : name.strip();
        if (label.length() > MAX_NAME || label.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.invalidField(
                    TenantError.KEY_NAME_INVALID,
                    "name",
                    "A key name is at most " + MAX_NAME + " characters, without control characters.");
        }
        if (keys.countUnrevoked(tenant.value()) >= maxPerTenant) {
            throw new ProblemException(
                    TenantError.KEY_LIMIT,
                    "Your organization already holds " + maxPerTenant + " unrevoked keys; revoke one first.");
        }
        String raw = IngestKeys.generate();
        IngestKeyEntity entity = new IngestKeyEntity();
        entity.id = UUID.randomUUID();
        entity.tenantId = tenant.value();
        entity.keyHash = IngestKeys.hash(raw);
        entity.prefix = IngestKeys.displayPrefix(raw);
        entity.scopes = IngestKeyEntity.scopesColumn(scopes);
        entity.createdAt = now();
        entity.name = label;
        entity.createdBy = createdBy;
        // Before the commit: if Kafka does not acknowledge, the transaction rolls back and no key exists anywhere.
        publisher.grant(entity);
        entity.grantPublishedAt = now();
        keys.persist(entity);
        return new IssuedKey(
                entity.id, raw, entity.name, entity.prefix, entity.scopeIds(), entity.createdAt, entity.createdBy);
    }

    @Transactional
    public List<KeyView> list(TenantId tenant) {
        return keys.listForTenant(tenant.value()).stream().map(KeyView::of).toList();
    }

    /**
     * Idempotent: revoking a revoked key keeps its first revocation time. Commits the revocation; the caller then
     * calls {@link #confirmRevocation} (outside this transaction) so the gateways refuse the key.
     */
    @Transactional
    public KeyView revoke(TenantId tenant, UUID id) {
        IngestKeyEntity entity = keys.findForTenant(tenant.value(), id).orElseThrow(() -> notFound(id));
        if (entity.revokedAt == null) {
            entity.revokedAt = now();
        }
        return KeyView.of(entity);
    }

    /**
     * Writes the committed revocation to the gateways and records the acknowledgement; 503
     * err-pb-key-directory-unavailable when Kafka did not acknowledge (the outbox keeps trying).
     */
    @Transactional
    public void confirmRevocation(TenantId tenant, UUID id) {
        IngestKeyEntity entity = keys.findForTenant(tenant.value(), id).orElseThrow(() -> notFound(id));
        if (entity.revokedAt != null && entity.revocationPublishedAt == null) {
            publisher.revoke(entity);
            entity.revocationPublishedAt = now();
        }
    }

    /** Writes every grant and revocation Kafka has not acknowledged yet; returns how many. Used by the outbox. */
    @Transactional
    public int publishPending() {
        int published = 0;
        for (IngestKeyEntity entity : keys.listUnpublished()) {
            if (entity.revokedAt == null) {
                publisher.grant(entity);
                entity.grantPublishedAt = now();
            } else {
                publisher.revoke(entity);
                entity.revocationPublishedAt = now();
            }
            published++;
        }
        return published;
    }

    public static ProblemException notFound(Object id) {
        return new ProblemException(TenantError.KEY_NOT_FOUND, "No ingest key " + id + " in your organization.");
    }

    // PostgreSQL keeps microseconds; truncating here makes the value we return equal the value we store.
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
