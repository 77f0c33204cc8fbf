package dev.pulseboard.tenant.session;

import dev.pulseboard.tenant.config.TenantServiceConfig;
import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Which bearer tokens /api/* accepts: only access tokens ({@code typ} Bearer) issued to one of our clients
 * ({@code azp} in {@code pulseboard.tenant.api.accepted-clients}). Any valid token of the realm used to pass: a password
 * grant to Keycloak's built-in {@code admin-cli}, then its ID token as bearer, created an ingest key. The browser's
 * code-flow session (an ID token held by Quarkus itself, never sent by the browser) is not affected.
 */
@ApplicationScoped
public class AcceptedTokens implements SecurityIdentityAugmentor {
    private final Set<String> clients;

    AcceptedTokens(TenantServiceConfig config) {
        this.clients = Set.copyOf(config.api().acceptedClients());
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()
                || identity.getCredential(IdTokenCredential.class) != null
                || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        String refusal = refusal(token);
        return refusal == null
                ? Uni.createFrom().item(identity)
                : Uni.createFrom().failure(new AuthenticationFailedException(refusal));
    }

    /** Null when the bearer token is an access token of one of our clients, else why not. */
    String refusal(JsonWebToken token) {
        Object type = token.getClaim("typ");
        if (!"Bearer".equals(type == null ? null : type.toString())) {
            return "only access tokens are accepted as bearer (this one is of type " + type + ")";
        }
        Object client = token.getClaim("azp");
        if (client == null || !clients.contains(client.toString())) {
            return "tokens issued to client " + client + " are not accepted";
        }
        return null;
    }
}
