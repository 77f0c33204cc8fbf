package dev.pulseboard.tenant.invitations;

import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.audit.AuditLog;
import dev.pulseboard.tenant.audit.AuditLog.Action;
import dev.pulseboard.tenant.config.TenantServiceConfig;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import dev.pulseboard.tenant.identity.KeycloakDirectory;
import dev.pulseboard.tenant.identity.NewUser;
import dev.pulseboard.tenant.identity.Role;
import dev.pulseboard.tenant.identity.TenantRoles;
import dev.pulseboard.tenant.links.LinkTokens;
import dev.pulseboard.tenant.session.CurrentUser.Actor;
import dev.pulseboard.tenant.session.CurrentUser.Membership;
import dev.pulseboard.tenant.signup.SignupValidator;
import dev.pulseboard.tenant.store.InvitationEntity;
import dev.pulseboard.tenant.store.InvitationRepository;
import dev.pulseboard.tenant.store.TenantRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Invitations by link (ADR 012): an admin invites an e-mail address in a role; the link carries a random token, stored
 * only as its SHA-256, that works once, until it expires, for a user with that e-mail — an existing user after logging
 * in, or a new one who creates an account from the link. Keycloak's own organization invitations need an SMTP server
 * and send the mail themselves; ours hand the link to the admin, who sends it as they like.
 */
@ApplicationScoped
public class InvitationService {

    /** A new invitation; {@code link} holds the token and is shown only in the answer to its creation. */
    public record Created(InvitationView invitation, String link) {}

    /** What an invitation link is for, shown before accepting. */
    public record Lookup(String tenant, String organization, String role, String email, Instant expiresAt) {}

    /** The organisation a user joined by accepting. */
    public record Joined(String tenant, String organization, String role) {}

    private final InvitationRepository invitations;
    private final TenantRepository tenants;
    private final TenantRoles roles;
    private final KeycloakDirectory directory;
    private final AuditLog audit;
    private final Duration ttl;
    private final String uiUrl;

    InvitationService(
            InvitationRepository invitations,
            TenantRepository tenants,
            TenantRoles roles,
            KeycloakDirectory directory,
            AuditLog audit,
            TenantServiceConfig config) {
        this.invitations = invitations;
        this.tenants = tenants;
        this.roles = roles;
        this.directory = directory;
        this.audit = audit;
        this.ttl = config.invitations().ttl();
        this.uiUrl = config.publicEndpoints().uiUrl();
    }

    @Transactional
    public Created invite(Membership caller, Actor actor, String email, Role role) {
        String address = SignupValidator.normalEmail(email)
                .orElseThrow(() -> ProblemException.invalidField(
                        TenantError.INVITATION_INVALID, "email", "email must be an address like ops@example.com."));
        if (role == Role.OWNER && caller.role() != Role.OWNER) {
            throw new ProblemException(TenantError.ROLE_REQUIRED, "Only an owner can invite an owner.");
        }
        String token = LinkTokens.generate();
        InvitationEntity invitation = new InvitationEntity();
        invitation.id = UUID.randomUUID();
        invitation.tenantId = caller.tenant().value();
        invitation.email = address;
        invitation.role = role.id();
        invitation.tokenHash = hash(token);
        invitation.createdBy = actor.email();
        invitation.createdAt = now();
        invitation.expiresAt = invitation.createdAt.plus(ttl);
        invitations.persist(invitation);
        audit.record(caller.tenant(), actor, Action.MEMBER_INVITED, address, "as " + role.id());
        return new Created(InvitationView.of(invitation), uiUrl + "/invite.html#" + token);
    }

    @Transactional
    public List<InvitationView> pending(TenantId tenant) {
        return invitations.pendingForTenant(tenant.value(), now()).stream()
                .map(InvitationView::of)
                .toList();
    }

    @Transactional
    public void revoke(TenantId tenant, Actor actor, UUID id) {
        InvitationEntity invitation = invitations
                .findForTenant(tenant.value(), id)
                .filter(i -> i.revokedAt == null)
                .orElseThrow(InvitationService::notFound);
        invitation.revokedAt = now();
        audit.record(tenant, actor, Action.INVITATION_REVOKED, invitation.email, "as " + invitation.role);
    }

    @Transactional
    public Lookup lookup(String token) {
        InvitationEntity invitation =
                usable(invitations.findByTokenHash(hash(token)).orElse(null));
        return new Lookup(
                invitation.tenantId,
                displayName(invitation.tenantId),
                invitation.role,
                invitation.email,
                invitation.expiresAt);
    }

    /**
     * The logged-in user accepts: their e-mail must be the invitation's. A member already in a stronger role keeps it.
     * Single use: the row is locked, and the Keycloak change happens before the acceptance commits, so a failure
     * leaves the invitation usable.
     */
    @Transactional
    public Joined accept(String token, String userId, String email) {
        InvitationEntity invitation =
                usable(invitations.lockByTokenHash(hash(token)).orElse(null));
        if (email == null || !invitation.email.equals(email.toLowerCase(Locale.ROOT))) {
            throw new ProblemException(
                    TenantError.INVITATION_EMAIL_MISMATCH,
                    "This invitation is for another e-mail address; log in as the invited user.");
        }
        TenantId tenant = new TenantId(invitation.tenantId);
        Role invited = Role.of(invitation.role).orElseThrow();
        Role current = roles.rolesOf(userId).get(tenant);
        Role role = current != null && current.atLeast(invited) ? current : invited;
        roles.setRole(tenant, userId, role);
        invitation.acceptedAt = now();
        invitation.acceptedBy = userId;
        audit.record(
                tenant,
                new Actor(userId, invitation.email, null),
                Action.INVITATION_ACCEPTED,
                invitation.email,
                "as " + role.id() + (current == null ? "" : " (was " + current.id() + ")"));
        return new Joined(tenant.value(), displayName(tenant.value()), role.id());
    }

    /**
     * A new user accepts from the link: creates their account with the invitation's e-mail (verified: it was invited),
     * then accepts. 409 {@code err-pb-user-exists} when that e-mail has an account: log in and accept instead.
     */
    public Joined register(String token, String password, String firstName, String lastName) {
        Lookup invitation = lookup(token);
        NewUser user = SignupValidator.user(invitation.email(), password, firstName, lastName);
        if (directory.emailTaken(user.email())) {
            throw ProblemException.invalidField(
                    TenantError.USER_EXISTS,
                    "email",
                    "An account with this e-mail already exists; log in and accept the invitation.");
        }
        String userId = directory.createUser(user);
        try {
            return accept(token, userId, user.email());
        } catch (RuntimeException failure) {
            directory.deleteUserQuietly(userId);
            throw failure;
        }
    }

    private static InvitationEntity usable(InvitationEntity invitation) {
        if (invitation == null || invitation.revokedAt != null) {
            throw notFound();
        }
        if (!invitation.pending(Instant.now())) {
            throw new ProblemException(
                    TenantError.INVITATION_EXPIRED,
                    "This invitation was already used or has expired; ask for a new one.");
        }
        return invitation;
    }

    private String displayName(String tenant) {
        return tenants.findByIdOptional(tenant).map(t -> t.displayName).orElse(tenant);
    }

    private static String hash(String token) {
        return LinkTokens.hash(token).orElseThrow(InvitationService::notFound);
    }

    static ProblemException notFound() {
        return new ProblemException(
                TenantError.INVITATION_NOT_FOUND, "No such invitation; it may have been revoked. Ask for a new one.");
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
