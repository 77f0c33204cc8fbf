package dev.pulseboard.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulseboard.contract.http.InternalApi;
import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Client of tenant-service's internal key-resolution API:
 * {@code GET {base}/internal/v1/ingest-keys/{sha256-hex}} with {@code X-Pulseboard-Internal-Token};
 * 200 {@code {"tenant","keyId","prefix"}} or 404. Only the hash travels; the raw key never leaves the gateway.
 * Non-blocking (JDK HttpClient), so the StatsD path can use it as well as HTTP resources.
 */
@ApplicationScoped
public class TenantServiceClient {

    private final HttpClient http;
    private final ObjectMapper json;
    private final String baseUrl;
    private final String token;
    private final Duration timeout;

    public TenantServiceClient(GatewayConfig config, ObjectMapper json) {
        GatewayConfig.TenantService ts = config.tenantService();
        this.timeout = ts.timeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.json = json;
        this.baseUrl = ts.baseUrl().replaceAll("/+$", "");
        this.token = ts.internalToken();
    }

    /** Completes with the lookup, or exceptionally with {@link TenantServiceUnavailableException}. */
    public CompletableFuture<KeyLookup> lookup(String keyHash) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + InternalApi.INGEST_KEYS_PREFIX + keyHash))
                .timeout(timeout)
                .header(InternalApi.TOKEN_HEADER, token)
                .header("Accept", "application/json")
                .GET()
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((response, failure) -> {
            if (failure != null) {
                throw new TenantServiceUnavailableException(
                        "tenant-service unreachable: " + failure.getClass().getSimpleName(), failure);
            }
            return interpret(response.statusCode(), response.body());
        });
    }

    KeyLookup interpret(int status, byte[] body) {
        if (status == 404) {
            return KeyLookup.UNKNOWN;
        }
        if (status != 200) {
            throw new TenantServiceUnavailableException("tenant-service answered HTTP " + status, null);
        }
        try {
            JsonNode node = json.readTree(body);
            String tenant = node.path("tenant").asText("");
            if (!TenantId.isValid(tenant)) {
                throw new TenantServiceUnavailableException("tenant-service returned an invalid tenant id", null);
            }
            return new KeyLookup.Known(
                    tenant, node.path("keyId").asText(""), node.path("prefix").asText(""));
        } catch (IOException e) {
            throw new TenantServiceUnavailableException("tenant-service returned unparseable JSON", e);
        }
    }
}
