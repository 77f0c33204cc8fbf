package dev.pulseboard.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulseboard.testing.keys.TestKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * With {@code cache.ttl} 3 s (the default 0 only joins requests in flight; 3 s rather than 1 so that the 13 requests
 * of the first test, on a JVM that has just started, all fall within one ttl: with 1 s they once did not), identical requests of one tenant within
 * the ttl cost Prometheus one evaluation, counted by
 * Prometheus itself ({@code prometheus_http_requests_total} of the endpoint); another tenant's identical text is its
 * own evaluation with its own answer; after the ttl the next request is evaluated again.
 */
@QuarkusTest
@WithTestResource(KeysOnKafka.class)
@WithTestResource(PrometheusWithTwoTenants.class)
@WithTestResource(QueryResultsCacheIT.ThreeSecondTtl.class)
class QueryResultsCacheIT {
    public static class ThreeSecondTtl implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("pulseboard.query.cache.ttl", "3s");
        }

        @Override
        public void stop() {}
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @ConfigProperty(name = "pulseboard.query.prometheus-url")
    String prometheus;

    private static Response range(String key, long end) {
        return given().header("Authorization", "Bearer " + key)
                .formParam("query", "sum(pb_test_requests)")
                .formParam("start", end - 300)
                .formParam("end", end)
                .formParam("step", "15")
                .post("/api/v1/query_range");
    }

    /** How many range queries Prometheus has answered, from its own /metrics. */
    private long evaluations() throws Exception {
        String metrics = HTTP.send(
                        HttpRequest.newBuilder(URI.create(prometheus + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return metrics.lines()
                .filter(l -> l.startsWith("prometheus_http_requests_total{")
                        && l.contains("handler=\"/api/v1/query_range\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void viewersAskingTheSameThingCostOneEvaluationPerTenantAndTtl() throws Exception {
        long end = System.currentTimeMillis() / 1000;
        long before = evaluations();

        List<CompletableFuture<Response>> together = IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> range(TestKeys.ACME, end)))
                .toList();
        for (CompletableFuture<Response> r : together) {
            assertThat(r.join().jsonPath().getString("data.result[0].values[-1][1]"))
                    .isEqualTo("3");
        }
        for (int i = 0; i < 5; i++) {
            assertThat(range(TestKeys.ACME, end).statusCode()).isEqualTo(200);
        }
        assertThat(evaluations() - before).as("13 identical requests of acme").isEqualTo(1);

        assertThat(range(TestKeys.GLOBEX, end).jsonPath().getString("data.result[0].values[-1][1]"))
                .as("globex's own sum, never acme's cached answer")
                .isEqualTo("10");
        assertThat(evaluations() - before).isEqualTo(2);

        // asked again until the cached answer has expired: the first request after the ttl is evaluated, and its
        // answer is then cached in turn, so exactly one more evaluation
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> range(TestKeys.ACME, end).statusCode() == 200 && evaluations() - before > 2);
        assertThat(evaluations() - before).as("evaluated again after the ttl").isEqualTo(3);
    }

    @Test
    void serverTimingSaysWhatTheAnswerWaitedForPrometheus() {
        long end = System.currentTimeMillis() / 1000;
        Response evaluated = given().header("Authorization", "Bearer " + TestKeys.ACME)
                .formParam("query", "max(pb_test_requests)")
                .formParam("time", end)
                .post("/api/v1/query");
        Response cached = given().header("Authorization", "Bearer " + TestKeys.ACME)
                .formParam("query", "max(pb_test_requests)")
                .formParam("time", end)
                .post("/api/v1/query");

        assertThat(evaluated.statusCode()).isEqualTo(200);
        assertThat(cached.statusCode()).isEqualTo(200);
        assertThat(timing(evaluated, "prometheus"))
                .as("evaluated for this request")
                .isPositive();
        assertThat(timing(evaluated, "total")).isGreaterThanOrEqualTo(timing(evaluated, "prometheus"));
        assertThat(timing(cached, "prometheus"))
                .as("the cached answer, within the ttl")
                .isZero();
        assertThat(timing(cached, "total")).isPositive();
    }

    /** A metric's dur from the Server-Timing header, in ms. */
    private static double timing(Response r, String metric) {
        String header = r.getHeader(ServerTiming.HEADER);
        assertThat(header).as("Server-Timing").isNotNull();
        double millis = ServerTiming.millis(header, metric);
        if (Double.isNaN(millis)) {
            throw new AssertionError("no " + metric + " in Server-Timing: " + header);
        }
        return millis;
    }
}
