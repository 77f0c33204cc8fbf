package dev.pulseboard.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulseboard.testing.keys.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A request's wait for a place at Prometheus and Prometheus' answer share the query timeout: one that queued for most
 * of it has only the rest (plus the 5 s grace) for the answer, so the frontend answers within the timeout plus 5 s
 * however long the request queued, before its caller (tenant-service, Grafana) gives up on it.
 */
@QuarkusTest
@WithTestResource(KeysOnKafka.class)
@WithTestResource(HeldPrometheus.class)
class QueryDeadlineIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(HeldPrometheus.TIMEOUT_SECONDS);
    private static final Duration GRACE = Duration.ofSeconds(5);
    /** How long the second request queues behind the first before the first is answered. */
    private static final Duration QUEUED = Duration.ofSeconds(8);

    @Inject
    QueryScheduler scheduler;

    @Test
    void aRequestThatQueuedForMostOfItsTimeoutHasOnlyTheRestForPrometheus() {
        // read here, not injected: an injected property every other test class's application lacks fails their start
        String prometheus = ConfigProvider.getConfig().getValue("held-prometheus.url", String.class);
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> query("pb_first"));
        await().atMost(Duration.ofSeconds(10)).until(() -> held(prometheus) == 1);

        long started = System.nanoTime();
        CompletableFuture<Response> second = CompletableFuture.supplyAsync(() -> query("pb_second"));
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.waitingCount() == 1);
        await().pollDelay(QUEUED).atMost(QUEUED.plusSeconds(1)).until(() -> true);
        given().post(prometheus + "/release").then().statusCode(200);

        assertThat(first.join().statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> held(prometheus) == 1); // the second, at Prometheus now
        Response refused = second.join();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.jsonPath().getString("errorId")).isEqualTo("err-pb-query-backend-unavailable");
        // queued 8 s, then 2 s left + 5 s grace at Prometheus: ~15 s; with the whole timeout again it took 23 s
        assertThat(took)
                .as("queued %s of a %s timeout", QUEUED, TIMEOUT)
                .isGreaterThan(TIMEOUT)
                .isLessThan(TIMEOUT.plus(GRACE).plusSeconds(3));
    }

    private static Response query(String query) {
        return given().header("Authorization", "Bearer " + TestKeys.ACME)
                .formParam("query", query)
                .post("/api/v1/query");
    }

    private static int held(String prometheus) {
        return Integer.parseInt(given().get(prometheus + "/held").asString());
    }
}
