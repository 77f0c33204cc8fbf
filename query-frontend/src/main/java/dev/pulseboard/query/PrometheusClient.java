package dev.pulseboard.query;

import dev.pulseboard.contract.errors.ApiException;
import dev.pulseboard.query.promql.QueryRejectReason;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Sends already tenant-scoped requests to Prometheus' HTTP API. Only parameters this service built itself are
 * sent (never the caller's raw parameter list), so a duplicated {@code query=} cannot slip past the rewrite.
 * Any HTTP answer is returned as is; no answer (refused, reset, timed out) is a 503
 * err-pb-query-backend-unavailable with Retry-After.
 */
@ApplicationScoped
public class PrometheusClient {
    private static final Logger LOG = Logger.getLogger(PrometheusClient.class);
    /** How much longer than the evaluation timeout we wait, so Prometheus' own timeout error arrives first. */
    private static final Duration GRACE = Duration.ofSeconds(5);
    /** Time each thread has waited for Prometheus' answers since it last took it ({@link #takeWaitedNanos}). */
    private static final ThreadLocal<long[]> WAITED = ThreadLocal.withInitial(() -> new long[1]);

    private final HttpClient http;
    private final String baseUrl;
    private final Duration retryAfter;

    public PrometheusClient(QueryConfig config) {
        this.http =
                HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build();
        this.baseUrl = config.prometheusUrl().replaceAll("/+$", "");
        this.retryAfter = config.retryAfter();
    }

    /** POST application/x-www-form-urlencoded (query, query_range, series, labels accept it). */
    public PrometheusReply post(String path, List<Map.Entry<String, String>> form, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout.plus(GRACE))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                .build();
        return send(request);
    }

    /** GET with a query string (label values only accept GET). */
    public PrometheusReply get(String path, List<Map.Entry<String, String>> params, Duration timeout) {
        String query = params.isEmpty() ? "" : "?" + encode(params);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path + query))
                .timeout(timeout.plus(GRACE))
                .header("Accept", "application/json")
                .GET()
                .build();
        return send(request);
    }

    /**
     * The time the calling thread has waited for Prometheus' answers since its last call of this method (which sets it
     * back to zero): what a request evaluated on its own thread spent in Prometheus. Answers it waited for on other
     * threads (a shared evaluation, the background) are not in it.
     */
    public static long takeWaitedNanos() {
        long[] waited = WAITED.get();
        long nanos = waited[0];
        waited[0] = 0;
        return nanos;
    }

    private PrometheusReply send(HttpRequest request) {
        long t0 = System.nanoTime();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            String type = response.headers().firstValue("Content-Type").orElse("application/json");
            return new PrometheusReply(response.statusCode(), type, response.body());
        } catch (IOException e) {
            LOG.warnf("Prometheus at %s did not answer: %s", baseUrl, e.toString());
            throw unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        } finally {
            WAITED.get()[0] += System.nanoTime() - t0;
        }
    }

    private ApiException unavailable() {
        return QueryRejectReason.BACKEND_UNAVAILABLE
                .exception("the metrics store did not answer; retry later")
                .retryAfter(retryAfter);
    }

    private static String encode(List<Map.Entry<String, String>> params) {
        return params.stream()
                .map(p -> URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
