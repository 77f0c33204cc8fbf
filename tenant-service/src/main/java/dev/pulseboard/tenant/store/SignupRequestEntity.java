package dev.pulseboard.tenant.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A sign-up waiting for its e-mail address to be verified: only the SHA-256 of the mailed token is stored. */
@Entity
@Table(name = "signup_requests")
public class SignupRequestEntity {
    @Id
    public UUID id;

    @Column(name = "token_hash", nullable = false, unique = true, length = 64)
    public String tokenHash;

    /** Lower case. */
    @Column(nullable = false, length = 254)
    public String email;

    @Column(nullable = false, length = 100)
    public String organization;

    @Column(name = "tenant_id", nullable = false, length = 40)
    public String tenantId;

    @Column(name = "first_name", nullable = false, length = 100)
    public String firstName;

    @Column(name = "last_name", nullable = false, length = 100)
    public String lastName;

    @Column(name = "source_address", length = 64)
    public String sourceAddress;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    /** Not completed and not expired at {@code now}. */
    public boolean usable(Instant now) {
        return completedAt == null && now.isBefore(expiresAt);
    }
}
