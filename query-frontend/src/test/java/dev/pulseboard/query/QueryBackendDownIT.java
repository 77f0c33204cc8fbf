package dev.pulseboard.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.pulseboard.testing.keys.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Prometheus unreachable: the caller gets a Prometheus-style 503 with the gateway's error id and Retry-After. */
@QuarkusTest
@WithTestResource(KeysOnKafka.class)
@WithTestResource(UnreachablePrometheus.class)
class QueryBackendDownIT {

    @Test
    void anUnreachablePrometheusIs503WithRetryAfter() {
        given().header("Authorization", "Bearer " + TestKeys.ACME)
                .formParam("query", "sum(up)")
                .post("/api/v1/query")
                .then()
                .statusCode(503)
                .header("Retry-After", "3")
                .body("status", equalTo("error"))
                .body("errorType", equalTo("unavailable"))
                .body("errorId", equalTo("err-pb-query-backend-unavailable"));
    }

    @Test
    void refusalsStillHappenBeforeAnyBackendCall() {
        given().header("Authorization", "Bearer " + TestKeys.ACME)
                .formParam("query", "up{tenant=\"globex\"}")
                .post("/api/v1/query")
                .then()
                .statusCode(403);
    }
}
