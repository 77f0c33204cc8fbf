package dev.pulseboard.gateway.auth;

import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.gateway.api.ApiException;
import dev.pulseboard.gateway.api.ErrorKind;
import dev.pulseboard.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * Authenticates an HTTP request by its {@code Authorization} header (Bearer ingest key). The tenant comes ONLY
 * from the key. Failures are {@link ApiException}s: 401 err-pb-missing-credentials, 401 err-pb-invalid-credentials,
 * 503 err-pb-tenant-service-unavailable (with Retry-After). Use {@link #authenticate} on worker threads and
 * {@link #authenticateAsync} on the event loop.
 */
@ApplicationScoped
public class TenantAuthenticator {
    private static final Logger LOG = Logger.getLogger(TenantAuthenticator.class);

    private final KeyResolver resolver;
    private final Duration retryAfter;

    public TenantAuthenticator(KeyResolver resolver, GatewayConfig config) {
        this.resolver = resolver;
        this.retryAfter = config.tenantService().retryAfter();
    }

    /** Blocking variant: waits at most the tenant-service timeout (enforced by the client). */
    public AuthenticatedTenant authenticate(String authorizationHeader) {
        try {
            return authenticateAsync(authorizationHeader).toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof ApiException api ? api : e;
        }
    }

    public CompletionStage<AuthenticatedTenant> authenticateAsync(String authorizationHeader) {
        String key = Credentials.keyFrom(authorizationHeader);
        if (key == null) {
            return CompletableFuture.failedFuture(new ApiException(
                    ErrorKind.UNAUTHENTICATED,
                    ErrorId.MISSING_CREDENTIALS,
                    "send your ingest key as 'Authorization: Bearer pbk_...'"));
        }
        return resolver.resolve(key).handle((lookup, failure) -> toTenant(lookup, failure));
    }

    private AuthenticatedTenant toTenant(KeyLookup lookup, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            LOG.warnf("ingest key lookup failed: %s", cause.getMessage());
            throw new ApiException(
                            ErrorKind.UNAVAILABLE,
                            ErrorId.TENANT_SERVICE_UNAVAILABLE,
                            "cannot verify ingest keys right now; retry later")
                    .retryAfter(retryAfter);
        }
        if (lookup instanceof KeyLookup.Known known) {
            return new AuthenticatedTenant(known.tenant(), known.keyId(), known.prefix());
        }
        throw new ApiException(
                ErrorKind.UNAUTHENTICATED,
                ErrorId.INVALID_CREDENTIALS,
                "the ingest key is malformed, revoked or unknown; keys look like pbk_ followed by 40 hex digits");
    }
}
