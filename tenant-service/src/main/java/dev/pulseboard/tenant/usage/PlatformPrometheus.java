package dev.pulseboard.tenant.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Instant queries (and the admin API) of the platform's own Prometheus (the store the services' metrics are scraped into and the
 * pipeline writes to), straight, not through the tenant query API: usage reads the platform's counters about a tenant
 * ({@code subject_tenant}), which that API never serves. Callers build the PromQL from a validated tenant id only.
 */
@ApplicationScoped
public class PlatformPrometheus {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One element of an instant vector: its labels and value. */
    public record Sample(Map<String, String> labels, double value) {}

    private final String url;
    private final Duration timeout;
    private final HttpClient http;

    PlatformPrometheus(TenantServiceConfig config) {
        this.url = config.usage().prometheusUrl().replaceAll("/+$", "");
        this.timeout = config.usage().timeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The instant vector of {@code promql} now; 503 err-pb-usage-unavailable when Prometheus cannot answer. */
    public List<Sample> query(String promql) {
        URI uri = URI.create(url + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        JsonNode body;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw unavailable("the metrics store answered HTTP " + response.statusCode(), null);
            }
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw unavailable("the metrics store is unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted", e);
        }
        List<Sample> out = new ArrayList<>();
        for (JsonNode element : body.path("data").path("result")) {
            Map<String, String> labels = new TreeMap<>();
            element.path("metric")
                    .fields()
                    .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            double value = Double.parseDouble(element.path("value").path(1).asText("NaN"));
            out.add(new Sample(labels, value));
        }
        return out;
    }

    /**
     * POSTs to Prometheus' admin API ({@code path} below {@code /api/v1/admin/}, query included; it must run with
     * {@code --web.enable-admin-api}); throws {@link IllegalStateException} unless it answers 2xx. Admin calls (deleting
     * series) may take long: they get {@code timeout}, not the queries' one.
     */
    public void admin(String path, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/v1/admin/" + path))
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("the store answered HTTP " + response.statusCode() + " to " + path);
            }
        } catch (IOException e) {
            throw new IllegalStateException("the store is unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static ProblemException unavailable(String why, Throwable cause) {
        return new ProblemException(
                TenantError.USAGE_UNAVAILABLE,
                "Usage cannot be read right now (" + why + "); retry shortly.",
                null,
                cause);
    }
}
