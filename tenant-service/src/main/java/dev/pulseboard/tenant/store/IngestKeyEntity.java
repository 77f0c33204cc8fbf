package dev.pulseboard.tenant.store;

import dev.pulseboard.contract.keys.KeyScope;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

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

    /** What the key is for, as its creator named it; "" when unnamed. */
    @Column(nullable = false, length = 60)
    public String name;

    /** E-mail of the member who created the key; null for sign-up's first key and keys from before V7. */
    @Column(name = "created_by", length = 254)
    public String createdBy;

    /** Null while the key is usable. */
    /** Comma-separated {@code KeyScope} ids ({@code ingest}, {@code read}), in that order. */
    @Column(nullable = false, length = 32)
    public String scopes;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    /** When a gateway or the query frontend last saw the key, to the minute; null = never reported. */
    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    /** When the key's grant was acknowledged on the ingest-keys topic (ADR 008); null for keys from before V2. */
    @Column(name = "grant_published_at")
    public Instant grantPublishedAt;

    /** When the revocation (a tombstone) was acknowledged on the ingest-keys topic; null while pending. */
    @Column(name = "revocation_published_at")
    public Instant revocationPublishedAt;

    public Set<KeyScope> scopeSet() {
        Set<KeyScope> out = EnumSet.noneOf(KeyScope.class);
        for (String id : scopes.split(",")) {
            KeyScope scope = KeyScope.of(id);
            if (scope != null) {
                out.add(scope);
            }
        }
        return out;
    }

    /** The scopes as the API shows them: {@code ["ingest", "read"]}. */
    public List<String> scopeIds() {
        return scopeSet().stream().map(KeyScope::id).toList();
    }

    public static String scopesColumn(Set<KeyScope> scopes) {
        return EnumSet.copyOf(scopes).stream().map(KeyScope::id).collect(Collectors.joining(","));
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }
}
