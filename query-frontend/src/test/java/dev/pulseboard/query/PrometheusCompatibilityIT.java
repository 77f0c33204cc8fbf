package dev.pulseboard.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulseboard.testing.keys.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The query frontend answers like Prometheus: each case sends a query as acme through the service and, in the same
 * test, the same query with {@code tenant="acme"} written into every selector straight to Prometheus, with the same
 * evaluation time, and requires the same status and the same data, byte for byte after JSON parsing. This is what
 * lets a Grafana Prometheus data source point at the service unchanged.
 */
@QuarkusTest
@WithTestResource(KeysOnKafka.class)
@WithTestResource(PrometheusWithTwoTenants.class)
class PrometheusCompatibilityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @ConfigProperty(name = "pulseboard.query.prometheus-url")
    String prometheus;

    /** A request through the service and the one a tenant would have to write against Prometheus itself. */
    record Pair(String name, String path, Map<String, String> viaService, Map<String, String> direct) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Pair instant(String service, String direct) {
        String time = Long.toString(System.currentTimeMillis() / 1000);
        return new Pair(
                service,
                "/api/v1/query",
                Map.of("query", service, "time", time),
                Map.of("query", direct, "time", time));
    }

    private static Pair range(String service, String direct) {
        long now = System.currentTimeMillis() / 1000;
        Map<String, String> window = Map.of("start", Long.toString(now - 600), "end", Long.toString(now), "step", "15");
        Map<String, String> viaService = new LinkedHashMap<>(window);
        viaService.put("query", service);
        Map<String, String> direct2 = new LinkedHashMap<>(window);
        direct2.put("query", direct);
        return new Pair("range " + service, "/api/v1/query_range", viaService, direct2);
    }

    private static Pair lookup(String path, String service, String direct) {
        long now = System.currentTimeMillis() / 1000;
        Map<String, String> window = Map.of("start", Long.toString(now - 600), "end", Long.toString(now));
        Map<String, String> viaService = new LinkedHashMap<>(window);
        if (service != null) {
            viaService.put("match[]", service);
        }
        Map<String, String> direct2 = new LinkedHashMap<>(window);
        direct2.put("match[]", direct);
        return new Pair(path + " " + service, path, viaService, direct2);
    }

    static Stream<Pair> pairs() {
        return Stream.of(
                instant("pb_test_requests", "pb_test_requests{tenant=\"acme\"}"),
                instant("sum(pb_test_requests)", "sum(pb_test_requests{tenant=\"acme\"})"),
                instant(
                        "sum by (instance) (pb_test_requests) / on() group_left sum(pb_test_requests)",
                        "sum by (instance) (pb_test_requests{tenant=\"acme\"}) / on() group_left"
                                + " sum(pb_test_requests{tenant=\"acme\"})"),
                instant("{__name__=~\"pb_.+\"}", "{tenant=\"acme\",__name__=~\"pb_.+\"}"),
                instant("max_over_time(pb_test_requests[5m])", "max_over_time(pb_test_requests{tenant=\"acme\"}[5m])"),
                instant(
                        "topk(1, pb_test_requests) or vector(0)",
                        "topk(1, pb_test_requests{tenant=\"acme\"}) or vector(0)"),
                instant("pb_test_globex_only", "pb_test_globex_only{tenant=\"acme\"}"),
                instant("rate(pb_test_requests)", "rate(pb_test_requests{tenant=\"acme\"})"), // Prometheus' own 400
                range("pb_test_requests", "pb_test_requests{tenant=\"acme\"}"),
                range(
                        "count(max_over_time(pb_test_requests[1m:15s]))",
                        "count(max_over_time(pb_test_requests{tenant=\"acme\"}[1m:15s]))"),
                lookup("/api/v1/series", "{__name__=~\"pb_.+\"}", "{tenant=\"acme\",__name__=~\"pb_.+\"}"),
                lookup("/api/v1/labels", null, "{tenant=\"acme\"}"),
                lookup("/api/v1/label/instance/values", null, "{tenant=\"acme\"}"),
                lookup("/api/v1/label/__name__/values", "pb_test_requests", "pb_test_requests{tenant=\"acme\"}"),
                new Pair("buildinfo", "/api/v1/status/buildinfo", Map.of(), Map.of()),
                // Metadata is not proxied: ours comes from acme's series names, Prometheus' from its scrape targets (no
                // metric of acme's). Only answers that are empty in both compare: status, data an object, parameters.
                metadata("metadata of a metric acme does not have", Map.of("metric", "pb_test_globex_only")),
                metadata("metadata limit=0", Map.of("limit", "0")),
                metadata("metadata limit that is no number", Map.of("limit", "ten"))); // 400 bad_data in both
    }

    private static Pair metadata(String name, Map<String, String> params) {
        return new Pair(name, "/api/v1/metadata", params, params);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void theServiceAnswersAsPrometheusDoesWithTheTenantMatcher(Pair p) throws Exception {
        io.restassured.response.Response service = given().header("Authorization", "Bearer " + TestKeys.ACME)
                .queryParams(p.viaService())
                .get(p.path());
        HttpResponse<String> direct = HTTP.send(
                HttpRequest.newBuilder(URI.create(prometheus + p.path() + "?" + encode(p.direct())))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(service.statusCode()).as(service.asString()).isEqualTo(direct.statusCode());
        JsonNode ours = JSON.readTree(service.asString());
        JsonNode theirs = JSON.readTree(direct.body());
        assertThat(ours.path("status")).isEqualTo(theirs.path("status"));
        assertThat(ours.path("data")).as(p.name()).isEqualTo(theirs.path("data"));
        assertThat(ours.path("errorType")).isEqualTo(theirs.path("errorType"));
        if (direct.statusCode() == 200) {
            assertThat(ours.path("data").isMissingNode()).isFalse();
        }
    }

    private static String encode(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
