package dev.pulseboard.tenant.query;

import dev.pulseboard.contract.http.InternalApi;
import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.config.TenantServiceConfig;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Calls the query-frontend's Prometheus-compatible API on behalf of a user: {@code GET {query-url}/api/v1/<api>}
 * with {@code X-Pulseboard-Internal-Token} and {@code X-Scope-OrgID: <tenant>}. The tenant argument always comes
 * from the user's token; the query frontend injects the tenant matcher into every selector.
 */
@ApplicationScoped
public class QueryFrontendClient {

    /** The query frontend's answer, passed through unchanged. */
    public record Answer(int status, String contentType, byte[] body) {}

    private final TenantServiceConfig config;
    private final HttpClient http;

    QueryFrontendClient(TenantServiceConfig config) {
        this.config = config;
        this.http =
                HttpClient.newBuilder().connectTimeout(config.query().timeout()).build();
    }

    public Answer query(String api, TenantId tenant, Map<String, List<String>> params) {
        URI uri = URI.create(config.query().url().toString().replaceAll("/+$", "") + "/api/v1/" + api + encode(params));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(config.query().timeout())
                .header(InternalApi.TOKEN_HEADER, config.internal().token())
                .header(InternalApi.TENANT_HEADER, tenant.value())
                .header("Accept", "application/json")
                .GET()
                .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            String type = response.headers().firstValue("Content-Type").orElse("application/json");
            return new Answer(response.statusCode(), type, response.body());
        } catch (HttpTimeoutException e) {
            throw new ProblemException(
                    TenantError.GATEWAY_UNAVAILABLE,
                    "The query service did not answer within "
                            + config.query().timeout().toSeconds() + " s; retry shortly.",
                    null,
                    e);
        } catch (IOException e) {
            throw new ProblemException(
                    TenantError.GATEWAY_UNAVAILABLE, "The query service is unreachable; retry shortly.", null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(TenantError.GATEWAY_UNAVAILABLE, "The query was interrupted.", null, e);
        }
    }

    static String encode(Map<String, List<String>> params) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        params.forEach((name, values) ->
                values.forEach(value -> query.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(value, StandardCharsets.UTF_8))));
        return query.toString();
    }
}
