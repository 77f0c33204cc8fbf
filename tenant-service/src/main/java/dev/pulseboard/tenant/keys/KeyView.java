package dev.pulseboard.tenant.keys;

import dev.pulseboard.tenant.store.IngestKeyEntity;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A key as listed to its tenant: never the raw key nor its hash. */
/** {@code scopes}: KeyScope ids, {@code ingest} and/or {@code read}. */
public record KeyView(UUID id, String prefix, List<String> scopes, Instant createdAt, Instant revokedAt) {
    static KeyView of(IngestKeyEntity entity) {
        return new KeyView(entity.id, entity.prefix, entity.scopeIds(), entity.createdAt, entity.revokedAt);
    }
}
