package dev.pulseboard.tenant.identity;

import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;

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

    /** Whether the call failed because Keycloak answered 404 (no such user, group, ...). */
    static boolean notFound(ProblemException e) {
        return e.getCause() instanceof WebApplicationException w
                && w.getResponse() != null
                && w.getResponse().getStatus() == 404;
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
