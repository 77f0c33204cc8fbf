package dev.pulseboard.tenant.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An ingest key: only its SHA-256 (IngestKeys.hash) and display prefix are stored, never the raw key. */
@Entity
@Table(name = "ingest_keys")
public class IngestKeyEntity {

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false, length = 40)
    public String tenantId;

    @Column(name = "key_hash", nullable = false, unique = true, length = 64)
    public String keyHash;

    @Column(nullable = false, length = 12)
    public String prefix;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Null while the key is usable. */
    @Column(name = "revoked_at")
    public Instant revokedAt;

    public boolean isRevoked() {
        return revokedAt != null;
    }
}
