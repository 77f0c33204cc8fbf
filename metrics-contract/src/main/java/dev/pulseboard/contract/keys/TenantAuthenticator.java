package dev.pulseboard.contract.keys;

import dev.pulseboard.contract.errors.ApiException;
import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.errors.ErrorKind;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Authenticates an HTTP request by its {@code Authorization} header (Bearer ingest key). The tenant comes ONLY
 * from the key. Failures are {@link ApiException}s: 401 err-pb-missing-credentials, 401 err-pb-invalid-credentials,
 * 503 err-pb-tenant-service-unavailable (with Retry-After). Use {@link #authenticate} on worker threads and
 * {@link #authenticateAsync} on the event loop.
 */
public final class TenantAuthenticator {
    private static final Logger LOG = Logger.getLogger(TenantAuthenticator.class.getName());

    private final KeyResolver resolver;
    private final Duration retryAfter;
    private final KeyScope required;

    /**
     * @param retryAfter sent with the 503 while the directory is not read yet; 0 = "retry at once"
     * @param required what the service does with the key: a key without this scope is 403 err-pb-key-scope-missing
     */
    public TenantAuthenticator(KeyResolver resolver, Duration retryAfter, KeyScope required) {
        this.resolver = resolver;
        this.retryAfter = retryAfter;
        this.required = required;
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
            LOG.log(Level.WARNING, () -> "ingest key lookup failed: " + cause.getMessage());
            throw new ApiException(
                            ErrorKind.UNAVAILABLE,
                            ErrorId.TENANT_SERVICE_UNAVAILABLE,
                            "cannot verify ingest keys right now; retry later")
                    .retryAfter(retryAfter);
        }
        if (lookup instanceof KeyLookup.Known known) {
            if (!known.scopes().contains(required)) {
                throw new ApiException(
                        ErrorKind.FORBIDDEN,
                        ErrorId.KEY_SCOPE_MISSING,
                        "the key " + known.prefix() + " has no '" + required.id()
                                + "' scope; use a key created with it");
            }
            return new AuthenticatedTenant(known.tenant(), known.keyId(), known.prefix());
        }
        throw new ApiException(
                ErrorKind.UNAUTHENTICATED,
                ErrorId.INVALID_CREDENTIALS,
                "the ingest key is malformed, revoked or unknown; keys look like pbk_ followed by 40 hex digits");
    }
}
