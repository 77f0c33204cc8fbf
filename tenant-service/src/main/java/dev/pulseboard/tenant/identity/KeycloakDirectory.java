package dev.pulseboard.tenant.identity;

import static dev.pulseboard.tenant.identity.KeycloakCalls.call;

import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.config.TenantServiceConfig;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Tenants and users in Keycloak: one organization per tenant (alias = tenant id, name = tenant id so display names
 * need not be unique — Keycloak requires unique organization names; the display name goes in the description) and
 * users that are members of exactly one organization. Keycloak being unreachable is {@code err-pb-identity-unavailable}.
 */
@ApplicationScoped
public class KeycloakDirectory {
    private static final Logger LOG = Logger.getLogger(KeycloakDirectory.class);
    private final Keycloak keycloak;
    private final String realm;

    KeycloakDirectory(Keycloak keycloak, TenantServiceConfig config) {
        this.keycloak = keycloak;
        this.realm = config.keycloak().realm();
    }

    public boolean emailTaken(String email) {
        return call(() -> !realm().users().searchByEmail(email, true).isEmpty());
    }

    /** Creates the tenant's organization and returns its Keycloak id; 409 from Keycloak means the alias is taken. */
    public String createOrganization(TenantId tenant, String displayName) {
        OrganizationRepresentation org = new OrganizationRepresentation();
        org.setAlias(tenant.value());
        org.setName(tenant.value());
        org.setDescription(displayName);
        org.setEnabled(true);
        return created(
                () -> realm().organizations().create(org),
                TenantError.TENANT_EXISTS,
                "Tenant id '" + tenant + "' is already taken; choose another tenant id.");
    }

    /** Creates an enabled user with a verified email and a permanent password; returns the Keycloak user id. */
    public String createUser(NewUser user) {
        UserRepresentation rep = new UserRepresentation();
        rep.setUsername(user.email());
        rep.setEmail(user.email());
        rep.setFirstName(user.firstName());
        rep.setLastName(user.lastName());
        rep.setEnabled(true);
        rep.setEmailVerified(true);
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(user.password());
        password.setTemporary(false);
        rep.setCredentials(List.of(password));
        return created(
                () -> realm().users().create(rep),
                TenantError.USER_EXISTS,
                "A user with this email already exists; log in instead.");
    }

    public void addMember(String organizationId, String userId) {
        KeycloakCalls.expect(
                () -> realm().organizations().get(organizationId).members().addMember(userId),
                "the organization membership");
    }

    /**
     * Removes what a sign-up that died half-way may have left in Keycloak: the user with {@code adminEmail} unless it
     * belongs to an organization other than this tenant's, then the tenant's organization (alias = tenant id).
     * Returns how many objects were removed. Throws (503) when Keycloak is unreachable, so the row is kept for later.
     */
    public int removeAbandonedSignup(TenantId tenant, String adminEmail) {
        int removed = 0;
        if (adminEmail != null) {
            for (UserRepresentation user : call(() -> realm().users().searchByEmail(adminEmail, true))) {
                boolean elsewhere =
                        call(() -> realm().organizations().members().getOrganizations(user.getId(), true)).stream()
                                .anyMatch(org -> !tenant.value().equals(org.getAlias()));
                if (!elsewhere) {
                    call(() -> realm().users().delete(user.getId())).close();
                    removed++;
                }
            }
        }
        Optional<String> organization = KeycloakCalls.organizationOf(realm(), tenant);
        if (organization.isPresent()) {
            call(() -> realm().organizations().get(organization.get()).delete()).close();
            removed++;
        }
        return removed;
    }

    /** Compensation: best effort, logs and swallows failures so the original error is what the caller sees. */
    public void deleteOrganizationQuietly(String organizationId) {
        quietly(
                "organization " + organizationId,
                () -> realm().organizations().get(organizationId).delete().close());
    }

    public void deleteUserQuietly(String userId) {
        quietly("user " + userId, () -> realm().users().delete(userId).close());
    }

    private String created(Supplier<Response> create, TenantError onConflict, String conflictDetail) {
        try (Response response = call(create)) {
            int status = response.getStatus();
            if (status == 409) {
                throw new ProblemException(onConflict, conflictDetail);
            }
            if (status == 400) {
                throw new ProblemException(
                        TenantError.INVALID_SIGNUP,
                        "Keycloak rejected the user or organization: " + errorMessage(response),
                        "user",
                        null);
            }
            if (status != 201) {
                throw new ProblemException(TenantError.IDENTITY_UNAVAILABLE, "Keycloak answered HTTP " + status + ".");
            }
            return CreatedResponseUtil.getCreatedId(response);
        }
    }

    private static String errorMessage(Response response) {
        try {
            String body = response.readEntity(String.class);
            // Keycloak answers {"errorMessage":"..."} or {"error":"..."}: short, user-facing, no internals.
            return body == null
                    ? ""
                    : body.replaceAll("[{}\"]", "").replace("errorMessage:", "").trim();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private void quietly(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warnf("compensation: could not delete Keycloak %s (%s); delete it by hand", what, e.getMessage());
        }
    }

    private RealmResource realm() {
        return keycloak.realm(realm);
    }
}
