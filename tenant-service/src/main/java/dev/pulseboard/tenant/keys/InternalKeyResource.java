package dev.pulseboard.tenant.keys;

import dev.pulseboard.contract.http.InternalApi;
import dev.pulseboard.tenant.config.TenantServiceConfig;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;

/**
 * {@code GET /internal/v1/ingest-keys/{sha256hex}} for the gateway: 200 {tenant, keyId, prefix} for a usable key,
 * 404 for unknown or revoked, 401 without the right {@code X-Pulseboard-Internal-Token}. Not behind OIDC; the shared
 * token is the credential (compared in constant time). The gateway sends only the hash, never the raw key.
 */
@Path(InternalApi.INGEST_KEYS_PATH)
public class InternalKeyResource {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final IngestKeyService keys;
    private final byte[] expectedToken;

    InternalKeyResource(IngestKeyService keys, TenantServiceConfig config) {
        this.keys = keys;
        this.expectedToken = config.internal().token().getBytes(StandardCharsets.UTF_8);
    }

    @GET
    @Path("{hash}")
    @Produces(MediaType.APPLICATION_JSON)
    public ResolvedKey resolve(@HeaderParam(InternalApi.TOKEN_HEADER) String token, @PathParam("hash") String hash) {
        if (token == null || !MessageDigest.isEqual(expectedToken, token.getBytes(StandardCharsets.UTF_8))) {
            throw new ProblemException(
                    TenantError.INTERNAL_TOKEN, "Send the configured " + InternalApi.TOKEN_HEADER + " header.");
        }
        if (!SHA256_HEX.matcher(hash).matches()) {
            throw new ProblemException(TenantError.KEY_NOT_FOUND, "Unknown or revoked ingest key.");
        }
        return keys.resolve(hash)
                .orElseThrow(() -> new ProblemException(TenantError.KEY_NOT_FOUND, "Unknown or revoked ingest key."));
    }
}
