package dev.pulseboard.tenant.identity;

import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.function.Supplier;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.OrganizationRepresentation;

/** One Keycloak admin call: unreachable or refused is {@code err-pb-identity-unavailable} (503). */
final class KeycloakCalls {
    private KeycloakCalls() {}

    static <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (ProcessingException | WebApplicationException e) {
            throw new ProblemException(
                    TenantError.IDENTITY_UNAVAILABLE,
                    "Keycloak is unreachable or refused the request; retry later.",
                    null,
                    e);
        }
    }

    /** The call's answer, or empty when Keycloak answered 404 (no such user, group, ...). */
    static <T> Optional<T> optional(Supplier<T> action) {
        try {
            return Optional.ofNullable(call(action));
        } catch (ProblemException e) {
            if (e.getCause() instanceof WebApplicationException w
                    && w.getResponse() != null
                    && w.getResponse().getStatus() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The Keycloak id of the tenant's organization (alias = tenant id), if it exists. */
    static Optional<String> organizationOf(RealmResource realm, TenantId tenant) {
        return call(() -> realm.organizations().search(tenant.value(), true, 0, 10)).stream()
                .filter(org -> tenant.value().equals(org.getAlias()))
                .map(OrganizationRepresentation::getId)
                .findFirst();
    }

    static void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    /** Runs a call that answers a {@link Response}; success, or one of {@code alsoFine}, else 503. */
    static void expect(Supplier<Response> action, String what, int... alsoFine) {
        try (Response response = call(action)) {
            int status = response.getStatus();
            if (response.getStatusInfo().getFamily() == Response.Status.Family.SUCCESSFUL) {
                return;
            }
            for (int fine : alsoFine) {
                if (status == fine) {
                    return;
                }
            }
            throw new ProblemException(
                    TenantError.IDENTITY_UNAVAILABLE, "Keycloak refused " + what + " (HTTP " + status + ").");
        }
    }
}
