package dev.pulseboard.tenant.organizations;

import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.config.TenantServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Removes a tenant's data from the store through Prometheus' admin API: {@code delete_series} for every series with
 * {@code tenant="<id>"}, then {@code clean_tombstones} so the samples leave the disk. Prometheus must run with
 * {@code --web.enable-admin-api} (./pulseboard does, on 127.0.0.1 only). Thanos has no such API; with Thanos the
 * store's retention (or a bucket rewrite) removes the data (docs/deploy.md).
 */
@ApplicationScoped
public class StoreDeletion {
    private final String url;
    private final Duration timeout;
    private final HttpClient http;

    StoreDeletion(TenantServiceConfig config) {
        this.url = config.usage().prometheusUrl().replaceAll("/+$", "");
        this.timeout = Duration.ofSeconds(60);
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Deletes every series of the tenant; throws {@link IllegalStateException} when the store did not. */
    public void deleteSeriesOf(TenantId tenant) {
        // TenantId is [a-z0-9-]: safe inside the selector's string literal.
        String match = URLEncoder.encode("{tenant=\"" + tenant.value() + "\"}", StandardCharsets.UTF_8);
        post("/api/v1/admin/tsdb/delete_series?match[]=" + match);
        post("/api/v1/admin/tsdb/clean_tombstones");
    }

    private void post(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
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
}
