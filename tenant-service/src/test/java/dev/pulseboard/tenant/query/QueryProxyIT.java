package dev.pulseboard.tenant.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

import dev.pulseboard.contract.http.InternalApi;
import dev.pulseboard.tenant.testing.EchoQueryFrontendTestResource;
import dev.pulseboard.tenant.testing.KafkaTestResource;
import dev.pulseboard.tenant.testing.KeycloakTestResource;
import dev.pulseboard.tenant.testing.PostgresTestResource;
import dev.pulseboard.tenant.testing.TestUsers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The proxy's contract with the gateway, checked against EchoQueryFrontendTestResource (which echoes what it got). */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = KeycloakTestResource.class, parallel = true)
@WithTestResource(value = EchoQueryFrontendTestResource.class)
class QueryProxyIT {

    @Test
    void queryIsForwardedWithTheTenantOfTheTokenNotOfTheBrowser() {
        String token = TestUsers.accessToken(TestUsers.signUp("query-a").email());
        given().auth()
                .oauth2(token)
                .header(InternalApi.TENANT_HEADER, "someone-else")
                .queryParam("query", "sum(rate(http_requests_total[1m])) by (instance)")
                .queryParam("time", "1700000000")
                .queryParam("tenant", "someone-else")
                .when()
                .get("/api/query")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .body("status", equalTo("success"))
                .body("echo.path", equalTo("/api/v1/query"))
                .body("echo.scope", equalTo("query-a"))
                .body("echo.tokenOk", equalTo(true))
                .body(
                        "echo.query",
                        containsString("query=sum%28rate%28http_requests_total%5B1m%5D%29%29+by+%28instance%29"))
                .body("echo.query", containsString("time=1700000000"))
                .body("echo.query", not(containsString("someone-else")));
    }

    @Test
    void rangeQueryGoesToQueryRange() {
        String token = TestUsers.accessToken(TestUsers.signUp("query-b").email());
        given().auth()
                .oauth2(token)
                .queryParam("query", "up")
                .queryParam("start", "1")
                .queryParam("end", "61")
                .queryParam("step", "15s")
                .when()
                .get("/api/query_range")
                .then()
                .statusCode(200)
                .body("echo.path", equalTo("/api/v1/query_range"))
                .body("echo.scope", equalTo("query-b"))
                .body("echo.query", equalTo("end=61&query=up&start=1&step=15s"));
    }

    /** A query frontend that hangs is told apart from one that refuses the connection, and the wait is bounded. */
    @Test
    void aQueryFrontendThatDoesNotAnswerIs503SayingHowLongItWasGiven() {
        String token = TestUsers.accessToken(TestUsers.signUp("query-c").email());
        given().auth()
                .oauth2(token)
                .queryParam("query", EchoQueryFrontendTestResource.NEVER_ANSWERED)
                .when()
                .get("/api/query")
                .then()
                .statusCode(503)
                .body("id", equalTo("err-pb-gateway-unavailable"))
                .body("detail", equalTo("The query service did not answer within 2 s; retry shortly."))
                .time(lessThan(30_000L));
    }

    @Test
    void queriesNeedALogin() {
        given().queryParam("query", "up").when().get("/api/query").then().statusCode(499);
    }
}
