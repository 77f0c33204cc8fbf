package dev.pulseboard.tenant.session;

import io.quarkus.oidc.JavaScriptRequestChecker;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Tells Quarkus OIDC that every /api/* call is a script (fetch/XHR) call, so that with
 * {@code quarkus.oidc.authentication.java-script-auto-redirect=false} an unauthenticated API call gets
 * 499 + {@code WWW-Authenticate: OIDC} instead of a redirect to the Keycloak login page, which fetch cannot follow
 * cross-origin. The SPA then navigates to /app/ to log in. Browser pages (/app/*) still redirect.
 */
@ApplicationScoped
public class ApiRequestChecker implements JavaScriptRequestChecker {

    @Override
    public boolean isJavaScriptRequest(RoutingContext context) {
        String path = context.normalizedPath();
        return path.startsWith("/api/") || "JavaScript".equals(context.request().getHeader("X-Requested-With"));
    }
}
