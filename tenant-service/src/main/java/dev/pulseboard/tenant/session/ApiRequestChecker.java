package dev.pulseboard.tenant.session;

import io.quarkus.oidc.JavaScriptRequestChecker;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Tells Quarkus OIDC that every /api/* call is a script (fetch/XHR) call, so that with
 * {@code quarkus.oidc.authentication.java-script-auto-redirect=false} an unauthenticated API call gets
 * 499 + {@code WWW-Authenticate: OIDC} instead of a redirect to the Keycloak login page, which fetch cannot follow
 * cross-origin. The SPA then navigates to /app/ to log in. Browser pages (/app/*) and the logout link
 * ({@code /api/logout}, a navigation, not a fetch) still redirect.
 */
@ApplicationScoped
public class ApiRequestChecker implements JavaScriptRequestChecker {
    /** Must equal quarkus.oidc.logout.path. */
    static final String LOGOUT_PATH = "/api/logout";

    @Override
    public boolean isJavaScriptRequest(RoutingContext context) {
        String path = context.normalizedPath();
        boolean api = path.startsWith("/api/") && !path.equals(LOGOUT_PATH);
        return api || "JavaScript".equals(context.request().getHeader("X-Requested-With"));
    }
}
