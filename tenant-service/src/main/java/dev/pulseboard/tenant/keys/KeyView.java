package dev.pulseboard.tenant.keys;

import dev.pulseboard.tenant.store.IngestKeyEntity;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A key as listed to its tenant: never the raw key nor its hash. {@code scopes}: KeyScope ids, {@code ingest} and/or
 * {@code read}; {@code createdBy}: the creator's e-mail, null for sign-up's first key; {@code lastUsedAt}: when a gateway
 * or the query frontend last saw it, to the minute (null: not since it was issued), reported within seconds.
 */
public record KeyView(
        UUID id,
        String name,
        String prefix,
        List<String> scopes,
        Instant createdAt,
        String createdBy,
        Instant revokedAt,
        Instant lastUsedAt) {
    static KeyView of(IngestKeyEntity entity) {
        return new KeyView(
                entity.id,
                entity.name,
                entity.prefix,
                entity.scopeIds(),
                entity.createdAt,
                entity.createdBy,
                entity.revokedAt,
                entity.lastUsedAt);
    }
}
