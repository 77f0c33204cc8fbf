package dev.pulseboard.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.pulseboard.contract.limits.OverridesFeed;
import dev.pulseboard.contract.limits.TenantLimitsPublisher;
import dev.pulseboard.contract.wire.v1.LimitsOverrides;
import dev.pulseboard.testing.keys.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tenant's query limits come from the tenant-limits topic and change while the frontend runs; a tenant at its
 * query_max_concurrent limit is refused more queries (429, Retry-After) while another tenant is served, and
 * is served again once its running query ends; one far behind on its budget of Prometheus time is refused (429,
 * Retry-After) while another is served. The heavy query is a real one for the real Prometheus: a 30-day
 * subquery at 1 s steps (2.6 million evaluations, seconds of work).
 */
@QuarkusTest
@WithTestResource(KeysOnKafka.class)
@WithTestResource(PrometheusWithTwoTenants.class)
class QueryConcurrencyIT {
    private static final String HEAVY = "count_over_time(vector(1)[30d:1s])";

    @Inject
    QueryConcurrency concurrency;

    @Inject
    OverridesFeed<QueryLimits> limits;

    @ConfigProperty(name = "pulseboard.query.kafka.bootstrap-servers")
    String kafka;

    /**
     * acme may run one query at a time, of any size (query_max_points unlimited: the heavy query's 2.6 million subquery
     * steps are what this test needs) and with no budget of Prometheus time (the heavy query's seconds at Prometheus
     * would otherwise leave acme in debt, refused, for the test classes that come after); globex keeps the defaults.
     * Set on the tenant-limits topic, as tenant-service does, while the frontend runs.
     */
    @BeforeEach
    void acmeOneQueryAtATime() {
        publishForAcme(LimitsOverrides.newBuilder()
                .setQueryMaxConcurrent(1)
                .setQueryMaxPoints(0)
                .setQueryEvalMsPerSecond(0)
                .build());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> limits.limitsFor("acme").maxConcurrent() == 1);
        assertThat(limits.limitsFor("globex").maxConcurrent()).isEqualTo(16);
    }

    /** acme's record on the tenant-limits topic, as tenant-service writes it; null clears it (the defaults). */
    private void publishForAcme(LimitsOverrides overrides) {
        try (TenantLimitsPublisher publisher = new TenantLimitsPublisher(kafka)) {
            if (overrides == null) {
                publisher.clear("acme");
            } else {
                publisher.publish("acme", overrides);
            }
        }
    }

    private static Response query(String key, String promql) {
        return given().header("Authorization", "Bearer " + key)
                .formParam("query", promql)
                .post("/api/v1/query");
    }

    /** The other test classes share this Kafka and frontend: acme gets the defaults back. */
    @AfterEach
    void acmeBackToTheDefaults() {
        publishForAcme(null);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> limits.limitsFor("acme").maxConcurrent() == 16);
        assertThat(limits.limitsFor("acme")).isEqualTo(limits.limitsFor("globex"));
        // a changed budget starts full: whatever debt a test ran up, acme is served at once with the defaults
        query(TestKeys.ACME, "sum(pb_test_requests)").then().statusCode(200);
    }

    @Test
    void aLimitChangedOnTheTopicAppliesWithoutARestart() {
        String range = "/api/v1/query_range?query=sum(pb_test_requests)&start=0&end=100&step=1";
        given().header("Authorization", "Bearer " + TestKeys.ACME)
                .get(range)
                .then()
                .statusCode(200);
        publishForAcme(LimitsOverrides.newBuilder()
                .setQueryMaxConcurrent(1)
                .setQueryMaxPoints(50)
                .build());
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> given().header("Authorization", "Bearer " + TestKeys.ACME)
                        .get(range)
                        .then()
                        .statusCode(400)
                        .body("errorId", equalTo("err-pb-query-too-many-points"))
                        .body("error", containsString("query_max_points 50")));
        given().header("Authorization", "Bearer " + TestKeys.GLOBEX)
                .get(range)
                .then()
                .statusCode(200);
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

    @Test
    void aTenantFarBehindOnItsBudgetOfPrometheusTimeIsRefusedWhileAnotherIsServed() {
        // 1 ms of Prometheus per second, and a 2 s timeout: one query of a day of 1 s subquery steps (86,401
        // evaluations, tens of milliseconds at least) puts acme that many seconds in debt, more than it may wait
        publishForAcme(LimitsOverrides.newBuilder()
                .setQueryMaxPoints(0)
                .setQueryEvalMsPerSecond(1)
                .setQueryTimeoutMs(2_000)
                .build());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> limits.limitsFor("acme").evalTimePerSecond().equals(Duration.ofMillis(1)));
        query(TestKeys.ACME, "count_over_time(vector(1)[1d:1s])")
                .then()
                .statusCode(200)
                .body("data.resultType", equalTo("vector"));

        Response refused = query(TestKeys.ACME, "sum(pb_test_requests)");
        refused.then()
                .statusCode(429)
                .body("errorType", equalTo("too_many_requests"))
                .body("errorId", equalTo("err-pb-query-time-limited"))
                .body("error", containsString("query_eval_ms_per_second: 1 ms"));
        assertThat(Integer.parseInt(refused.header("Retry-After")))
                .as("the seconds until acme's debt is paid back, beyond its 2 s timeout")
                .isGreaterThan(2);
        query(TestKeys.GLOBEX, "sum(pb_test_requests)")
                .then()
                .statusCode(200)
                .body("data.result[0].value[1]", equalTo("10"));
    }
}
