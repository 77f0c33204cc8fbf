package dev.pulseboard.tenant.signup;

import dev.pulseboard.tenant.audit.AuditLog;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import dev.pulseboard.tenant.identity.KeycloakDirectory;
import dev.pulseboard.tenant.identity.Role;
import dev.pulseboard.tenant.identity.TenantRoles;
import dev.pulseboard.tenant.keys.IssuedKey;
import dev.pulseboard.tenant.session.CurrentUser.Actor;
import dev.pulseboard.tenant.signup.SignupValidator.ValidSignup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Sign-up as a saga with compensation (there is no transaction spanning PostgreSQL and Keycloak):
 * <ol>
 *   <li>refuse early, without side effects, if the email is taken in Keycloak;</li>
 *   <li>reserve the tenant id: a PROVISIONING row (its primary key serialises concurrent sign-ups);</li>
 *   <li>create the Keycloak organization, then the user, then the membership and the owner role (ADR 012);</li>
 *   <li>in one transaction: mark the tenant ACTIVE and store the first key's hash.</li>
 * </ol>
 * Any failure after step 2 undoes what was done in reverse order (membership goes with the user, then the
 * organization, then the row) and rethrows the original problem. If the process dies mid-way a PROVISIONING row
 * (and possibly Keycloak objects) remain; such rows are never served (/api/me needs ACTIVE), and
 * {@link AbandonedSignups} removes them with their Keycloak objects once they are older than any sign-up takes.
 */
@ApplicationScoped
public class SignupService {
    private static final Logger LOG = Logger.getLogger(SignupService.class);
    static final String LOGIN_URL = "/app/";

    private final KeycloakDirectory directory;
    private final TenantRoles roles;
    private final TenantRows rows;
    private final AuditLog audit;

    SignupService(KeycloakDirectory directory, TenantRoles roles, TenantRows rows, AuditLog audit) {
        this.directory = directory;
        this.roles = roles;
        this.rows = rows;
        this.audit = audit;
    }

    public SignupResponse signUp(SignupRequest request, String sourceAddress) {
        ValidSignup signup = SignupValidator.validate(request);
        if (directory.emailTaken(signup.user().email())) {
            throw ProblemException.invalidField(
                    TenantError.USER_EXISTS, "email", "A user with this email already exists; log in instead.");
        }
        rows.reserve(signup.tenant(), signup.displayName(), signup.user().email());
        String organizationId = null;
        String userId = null;
        try {
            organizationId = directory.createOrganization(signup.tenant(), signup.displayName());
            userId = directory.createUser(signup.user());
            directory.addMember(organizationId, userId);
            roles.setRole(signup.tenant(), userId, Role.OWNER);
            IssuedKey key = rows.activateWithFirstKey(signup.tenant());
            audit.record(
                    signup.tenant(),
                    new Actor(userId, signup.user().email(), sourceAddress),
                    AuditLog.Action.TENANT_CREATED,
                    signup.tenant().value(),
                    "signed up; first key " + key.prefix());
            LOG.infof("signed up tenant %s (first key %s)", signup.tenant(), key.prefix());
            return new SignupResponse(signup.tenant().value(), key.key(), key.prefix(), LOGIN_URL);
        } catch (RuntimeException failure) {
            compensate(signup, organizationId, userId);
            throw failure;
        }
    }

    private void compensate(ValidSignup signup, String organizationId, String userId) {
        LOG.warnf(
                "sign-up of tenant %s failed; undoing (organization=%s, user=%s)",
                signup.tenant(), organizationId != null, userId != null);
        if (userId != null) {
            directory.deleteUserQuietly(userId);
        }
        if (organizationId != null) {
            roles.deleteGroupsQuietly(signup.tenant());
            directory.deleteOrganizationQuietly(organizationId);
        }
        try {
            rows.remove(signup.tenant());
        } catch (RuntimeException e) {
            LOG.warnf("compensation: could not remove PROVISIONING row of %s: %s", signup.tenant(), e.getMessage());
        }
    }
}
