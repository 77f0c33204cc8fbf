package dev.pulseboard.tenant.invitations;

import dev.pulseboard.tenant.store.InvitationEntity;
import java.time.Instant;
import java.util.UUID;

/** An invitation as its organisation's admins see it: never the token. */
public record InvitationView(
        UUID id, String email, String role, Instant createdAt, Instant expiresAt, String createdBy) {
    static InvitationView of(InvitationEntity e) {
        return new InvitationView(e.id, e.email, e.role, e.createdAt, e.expiresAt, e.createdBy);
    }
}
