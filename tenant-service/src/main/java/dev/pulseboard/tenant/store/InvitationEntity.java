package dev.pulseboard.tenant.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An invitation by link: only the SHA-256 of its token is stored (the link is shown once). */
@Entity
@Table(name = "invitations")
public class InvitationEntity {
    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false, length = 40)
    public String tenantId;

    /** Lower case; only a user with this e-mail can accept. */
    @Column(nullable = false, length = 254)
    public String email;

    /** A {@code Role} id. */
    @Column(nullable = false, length = 16)
    public String role;

    @Column(name = "token_hash", nullable = false, unique = true, length = 64)
    public String tokenHash;

    @Column(name = "created_by", length = 254)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "accepted_at")
    public Instant acceptedAt;

    /** Keycloak id of the user who accepted. */
    @Column(name = "accepted_by", length = 64)
    public String acceptedBy;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    public boolean pending(Instant now) {
        return acceptedAt == null && revokedAt == null && expiresAt.isAfter(now);
    }
}
