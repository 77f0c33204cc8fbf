package dev.pulseboard.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.pulseboard.contract.http.InternalApi;
import dev.pulseboard.testing.keys.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The query API end to end against the real Prometheus holding two tenants' series (see PrometheusWithTwoTenants):
 * each caller sees only its own tenant's data whatever the query, and every refusal has its status and error id.
 */
@QuarkusTest
@WithTestResource(KeysOnKafka.class)
@WithTestResource(PrometheusWithTwoTenants.class)
class QueryResourceIT {

    private static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key);
    }

    private static JsonPath instant(RequestSpecification caller, String query) {
        return caller.formParam("query", query)
                .post("/api/v1/query")
                .then()
                .statusCode(200)
                .body("status", equalTo("success"))
                .extract()
                .jsonPath();
    }

    private static List<Map<String, String>> metrics(JsonPath result) {
        return result.getList("data.result.metric");
    }

    @Test
    void eachKeySumsOnlyItsOwnTenantsSeries() {
        assertThat(instant(as(TestKeys.ACME), "sum(pb_test_requests)").getString("data.result[0].value[1]"))
                .isEqualTo("3");
        assertThat(instant(as(TestKeys.GLOBEX), "sum(pb_test_requests)").getString("data.result[0].value[1]"))
                .isEqualTo("10");
    }

    @Test
    void aWildcardOverAllMetricNamesStaysInsideTheTenant() {
        List<Map<String, String>> acme = metrics(instant(as(TestKeys.ACME), "{__name__=~\".+\"}"));
        assertThat(acme).hasSize(2).allSatisfy(m -> assertThat(m).containsEntry("tenant", "acme"));
        List<Map<String, String>> globex = metrics(instant(as(TestKeys.GLOBEX), "{__name__=~\".+\"}"));
        assertThat(globex).hasSize(3).allSatisfy(m -> assertThat(m).containsEntry("tenant", "globex"));
    }

    @Test
    void orVectorAndLabelReplaceOnlyEverSeeTheCallersData() {
        JsonPath other = instant(as(TestKeys.ACME), "pb_test_globex_only or vector(1)");
        assertThat(metrics(other)).containsExactly(Map.of());
        assertThat(other.getString("data.result[0].value[1]")).isEqualTo("1");

        JsonPath relabelled = instant(
                as(TestKeys.ACME),
                "sum(label_replace(pb_test_requests, \"tenant\", \"globex\", \"\", \"\")) by (tenant)");
        assertThat(metrics(relabelled)).containsExactly(Map.of("tenant", "globex"));
        assertThat(relabelled.getString("data.result[0].value[1]"))
                .as("acme's 1 + 2, not globex's 10")
                .isEqualTo("3");
    }

    @Test
    void anOrgHeaderNextToAKeyIsIgnored() {
        JsonPath r = instant(as(TestKeys.ACME).header(InternalApi.TENANT_HEADER, "globex"), "sum(pb_test_requests)");
        assertThat(r.getString("data.result[0].value[1]")).isEqualTo("3");
    }

    @Test
    void namingAnotherTenantIsForbidden() {
        as(TestKeys.ACME)
                .queryParam("query", "sum(pb_test_requests{tenant=\"globex\"})")
                .get("/api/v1/query")
                .then()
                .statusCode(403)
                .body("status", equalTo("error"))
                .body("errorType", equalTo("forbidden"))
                .body("errorId", equalTo("err-pb-query-other-tenant"))
                .body("error", startsWith("err-pb-query-other-tenant: 1:22: "));
        as(TestKeys.ACME)
                .formParam("query", "{tenant=~\".*\"}")
                .post("/api/v1/query")
                .then()
                .statusCode(403);
    }

    @Test
    void missingOrUnknownCredentialsAre401() {
        given().formParam("query", "up")
                .post("/api/v1/query")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo("error"))
                .body("errorId", equalTo("err-pb-missing-credentials"));
        as(TestKeys.UNKNOWN)
                .formParam("query", "up")
                .post("/api/v1/query")
                .then()
                .statusCode(401)
                .body("errorId", equalTo("err-pb-invalid-credentials"));
        given().header(InternalApi.TENANT_HEADER, "acme")
                .formParam("query", "up")
                .post("/api/v1/query")
                .then()
                .statusCode(401);
    }

    @Test
    void aSyntaxErrorIs400WithItsPosition() {
        as(TestKeys.ACME)
                .formParam("query", "sum(rate(x[5m])")
                .post("/api/v1/query")
                .then()
                .statusCode(400)
                .body("errorType", equalTo("bad_data"))
                .body("errorId", equalTo("err-pb-query-invalid"))
                .body("error", equalTo("err-pb-query-invalid: 1:16: unexpected end of query"))
                .body("position.line", equalTo(1))
                .body("position.column", equalTo(16));
    }

    @Test
    void prometheusErrorsPassThroughUnchanged() {
        as(TestKeys.ACME)
                .formParam("query", "rate(pb_test_requests)")
                .post("/api/v1/query")
                .then()
                .statusCode(400)
                .body("status", equalTo("error"))
                .body("errorType", equalTo("bad_data"))
                .body("error", containsString("expected type range vector"));
    }

    @Test
    void theTenantServiceActsForAUserWithTheInternalTokenAndOrgId() {
        RequestSpecification internal = given().header(InternalApi.TOKEN_HEADER, TestKeys.INTERNAL_TOKEN);
        assertThat(instant(internal.header(InternalApi.TENANT_HEADER, "globex"), "sum(pb_test_requests)")
                        .getString("data.result[0].value[1]"))
                .isEqualTo("10");

        given().header(InternalApi.TOKEN_HEADER, "not-the-token")
                .header(InternalApi.TENANT_HEADER, "globex")
                .formParam("query", "sum(pb_test_requests)")
                .post("/api/v1/query")
                .then()
                .statusCode(401)
                .body("errorId", equalTo("err-pb-invalid-credentials"));
        given().header(InternalApi.TOKEN_HEADER, TestKeys.INTERNAL_TOKEN)
                .header(InternalApi.TENANT_HEADER, "Not A Tenant")
                .formParam("query", "up")
                .post("/api/v1/query")
                .then()
                .statusCode(400)
                .body("errorId", equalTo("err-pb-query-org-invalid"));
    }

    @Test
    void rangeQueriesAreScopedAndLimited() {
        long now = System.currentTimeMillis() / 1000;
        JsonPath r = as(TestKeys.ACME)
                .queryParam("query", "pb_test_requests")
                .queryParam("start", now - 60)
                .queryParam("end", now)
                .queryParam("step", "15s")
                .get("/api/v1/query_range")
                .then()
                .statusCode(200)
                .body("data.resultType", equalTo("matrix"))
                .extract()
                .jsonPath();
        assertThat(metrics(r)).hasSize(2).allSatisfy(m -> assertThat(m).containsEntry("tenant", "acme"));

        as(TestKeys.ACME)
                .formParam("query", "pb_test_requests")
                .formParam("start", 0)
                .formParam("end", now)
                .formParam("step", "1h")
                .post("/api/v1/query_range")
                .then()
                .statusCode(400)
                .body("errorId", equalTo("err-pb-query-range-too-long"));
        as(TestKeys.ACME)
                .formParam("query", "pb_test_requests")
                .formParam("start", now - 86_400)
                .formParam("end", now)
                .formParam("step", "1s")
                .post("/api/v1/query_range")
                .then()
                .statusCode(400)
                .body("errorId", equalTo("err-pb-query-too-many-points"));
        // the points a subquery makes Prometheus evaluate count too: one point returned, 2.6 million evaluated
        as(TestKeys.ACME)
                .formParam("query", "max_over_time(pb_test_requests[30d:1s])")
                .post("/api/v1/query")
                .then()
                .statusCode(400)
                .body("errorId", equalTo("err-pb-query-too-many-points"))
                .body("error", containsString("its subqueries make Prometheus evaluate 2592001 steps"));
        as(TestKeys.ACME)
                .formParam("query", "max_over_time(pb_test_requests[1h:1s])")
                .formParam("start", now - 86_400)
                .formParam("end", now)
                .formParam("step", "1h")
                .post("/api/v1/query_range")
                .then()
                .statusCode(400)
                .body("errorId", equalTo("err-pb-query-too-many-points"));
        // Prometheus reads hex floats (Go's ParseFloat): a start it reads as 0 used to pass the range limit unchecked
        for (String start : new String[] {"0x0p+0", "-Inf"}) {
            as(TestKeys.ACME)
                    .formParam("query", "pb_test_requests")
                    .formParam("start", start)
                    .formParam("end", now)
                    .formParam("step", "1h")
                    .post("/api/v1/query_range")
                    .then()
                    .statusCode(400)
                    .body("errorId", equalTo("err-pb-query-invalid"));
        }
        as(TestKeys.ACME)
                .queryParam("match[]", "pb_test_requests")
                .queryParam("start", "0x0p+0")
                .get("/api/v1/series")
                .then()
                .statusCode(400)
                .body("errorId", equalTo("err-pb-query-invalid"));
    }

    @Test
    void seriesLabelsAndLabelValuesOnlyListTheCallersSeries() {
        JsonPath series = as(TestKeys.ACME)
                .queryParam("match[]", "{__name__=~\"pb_test_.*\"}")
                .get("/api/v1/series")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(series.getList("data.tenant")).containsExactly("acme", "acme");

        JsonPath tenants = as(TestKeys.ACME)
                .get("/api/v1/label/tenant/values")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(tenants.getList("data")).containsExactly("acme");
        JsonPath names = as(TestKeys.ACME)
                .get("/api/v1/label/__name__/values")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(names.getList("data")).containsExactly("pb_test_requests");
        JsonPath labels = as(TestKeys.GLOBEX)
                .formParam("match[]", "pb_test_globex_only")
                .post("/api/v1/labels")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(labels.getList("data")).containsExactly("__name__", "tenant");

        as(TestKeys.ACME)
                .queryParam("match[]", "pb_test_requests{tenant!=\"acme\"}")
                .get("/api/v1/series")
                .then()
                .statusCode(403)
                .body("errorId", equalTo("err-pb-query-other-tenant"));
    }
}
