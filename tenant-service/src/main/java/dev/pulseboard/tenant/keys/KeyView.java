package dev.pulseboard.tenant.keys;

import dev.pulseboard.tenant.store.IngestKeyEntity;
import java.time.Instant;
import java.util.UUID;

/** A key as listed to its tenant: never the raw key nor its hash. */
public record KeyView(UUID id, String prefix, Instant createdAt, Instant revokedAt) {
    static KeyView of(IngestKeyEntity entity) {
        return new KeyView(entity.id, entity.prefix, entity.createdAt, entity.revokedAt);
    }
}
