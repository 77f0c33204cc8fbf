package dev.pulseboard.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.pulseboard.testing.keys.TestKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A tenant at its max-concurrent limit is refused more queries (429, Retry-After) while another tenant is served, and
 * is served again once its running query ends. The heavy query is a real one for the real Prometheus: a 30-day
 * subquery at 1 s steps (2.6 million evaluations, seconds of work).
 */
@QuarkusTest
@WithTestResource(KeysOnKafka.class)
@WithTestResource(PrometheusWithTwoTenants.class)
@WithTestResource(QueryConcurrencyIT.AcmeOneQueryAtATime.class)
class QueryConcurrencyIT {
    private static final String HEAVY = "count_over_time(vector(1)[30d:1s])";

    /** acme may run one query at a time, of any size; globex keeps the defaults. */
    public static class AcmeOneQueryAtATime implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            // max-points unlimited: the heavy query's 2.6 million subquery steps are what this test needs
            return Map.of(
                    "pulseboard.query.tenants.acme.max-concurrent", "1",
                    "pulseboard.query.tenants.acme.max-points", "0");
        }

        @Override
        public void stop() {}
    }

    @Inject
    QueryConcurrency concurrency;

    private static Response query(String key, String promql) {
        return given().header("Authorization", "Bearer " + key)
                .formParam("query", promql)
                .post("/api/v1/query");
    }

    @Test
    void aTenantAtItsLimitIsRefusedWhileAnotherIsServed() {
        CompletableFuture<Response> heavy = CompletableFuture.supplyAsync(() -> query(TestKeys.ACME, HEAVY));
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> concurrency.running("acme") == 1 || heavy.isDone());
        assertThat(heavy).as("the heavy query must still be running").isNotDone();

        query(TestKeys.ACME, "sum(pb_test_requests)")
                .then()
                .statusCode(429)
                .header("Retry-After", "1")
                .body("errorType", equalTo("too_many_requests"))
                .body("errorId", equalTo("err-pb-query-concurrency-limited"));
        query(TestKeys.GLOBEX, "sum(pb_test_requests)")
                .then()
                .statusCode(200)
                .body("data.result[0].value[1]", equalTo("10"));
        assertThat(heavy)
                .as("the refusal was checked while acme's heavy query ran")
                .isNotDone();

        heavy.join().then().statusCode(200);
        assertThat(concurrency.running("acme")).isZero();
        query(TestKeys.ACME, "sum(pb_test_requests)").then().statusCode(200);
    }
}
