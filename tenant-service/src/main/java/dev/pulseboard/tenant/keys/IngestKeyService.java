package dev.pulseboard.tenant.keys;

import dev.pulseboard.contract.tenant.IngestKeys;
import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import dev.pulseboard.tenant.store.IngestKeyEntity;
import dev.pulseboard.tenant.store.IngestKeyRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Ingest keys of a tenant. The raw key exists only in the {@link IssuedKey} returned by {@link #issue}; the database
 * holds {@code IngestKeys.hash(key)} and the display prefix. Every lookup by id is scoped to the caller's tenant, so
 * another tenant's key id is indistinguishable from an unknown one (404).
 */
@ApplicationScoped
public class IngestKeyService {
    private final IngestKeyRepository keys;

    IngestKeyService(IngestKeyRepository keys) {
        this.keys = keys;
    }

    /** Joins the caller's transaction (sign-up issues the first key together with activating the tenant). */
    @Transactional
    public IssuedKey issue(TenantId tenant) {
        String raw = IngestKeys.generate();
        IngestKeyEntity entity = new IngestKeyEntity();
        entity.id = UUID.randomUUID();
        entity.tenantId = tenant.value();
        entity.keyHash = IngestKeys.hash(raw);
        entity.prefix = IngestKeys.displayPrefix(raw);
        entity.createdAt = now();
        keys.persist(entity);
        return new IssuedKey(entity.id, raw, entity.prefix, entity.createdAt);
    }

    @Transactional
    public List<KeyView> list(TenantId tenant) {
        return keys.listForTenant(tenant.value()).stream().map(KeyView::of).toList();
    }

    /** Idempotent: revoking a revoked key keeps its first revocation time. */
    @Transactional
    public KeyView revoke(TenantId tenant, UUID id) {
        IngestKeyEntity entity = keys.findForTenant(tenant.value(), id).orElseThrow(() -> notFound(id));
        if (entity.revokedAt == null) {
            entity.revokedAt = now();
        }
        return KeyView.of(entity);
    }

    /** The gateway's lookup: the tenant of a usable key, empty for unknown or revoked hashes. */
    @Transactional
    public Optional<ResolvedKey> resolve(String keyHash) {
        return keys.findActiveByHash(keyHash).map(k -> new ResolvedKey(k.tenantId, k.id.toString(), k.prefix));
    }

    public static ProblemException notFound(Object id) {
        return new ProblemException(TenantError.KEY_NOT_FOUND, "No ingest key " + id + " in your organization.");
    }

    // PostgreSQL keeps microseconds; truncating here makes the value we return equal the value we store.
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
