package dev.pulseboard.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulseboard.contract.http.InternalApi;
import dev.pulseboard.testing.keys.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/v1/metadata} against the real Prometheus holding two tenants' series of every type
 * ({@link PrometheusWithTypedSeries}): each tenant gets the families of its own series, typed by their names, and
 * nothing of the other's; {@code metric}, {@code limit} and {@code limit_per_metric} behave as in Prometheus.
 */
@QuarkusTest
@WithTestResource(KeysOnKafka.class)
@WithTestResource(PrometheusWithTypedSeries.class)
class MetadataIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** acme's families and their types: every series acme has, and nothing else. */
    private static final Map<String, String> ACME = Map.ofEntries(
            entry("pb_test_requests", "unknown"),
            entry("pb_test_logins_total", "counter"),
            entry("pb_test_logins_total:1m", "counter"),
            entry("pb_test_cpu_percent", "gauge"),
            entry("pb_test_cpu_percent:1s_min", "gauge"),
            entry("pb_test_cpu_percent:1s_max", "gauge"),
            entry("pb_test_cpu_percent:1m", "gauge"),
            entry("pb_test_cpu_percent:1m_min", "gauge"),
            entry("pb_test_cpu_percent:1m_max", "gauge"),
            entry("pb_test_cpu_percent:1m_avg", "gauge"),
            entry("pb_test_latency_seconds", "histogram"),
            entry("pb_test_latency_seconds:1s_quantile", "gauge"),
            entry("pb_test_latency_seconds:5m", "histogram"),
            entry("pb_test_latency_seconds:5m_quantile", "gauge"),
            entry("pb_test_visitors", "unknown"),
            entry("pb_test_rpc_seconds", "summary"),
            entry("pb_test_rpc_seconds:1s_min", "gauge"),
            entry("pb_test_rpc_seconds:1s_max", "gauge"));

    private static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key);
    }

    private static JsonNode metadata(RequestSpecification caller) throws Exception {
        String body = caller.get("/api/v1/metadata")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .extract()
                .asString();
        JsonNode json = JSON.readTree(body);
        assertThat(json.path("status").asText()).isEqualTo("success");
        assertThat(json.path("data").isObject()).as(body).isTrue();
        return json.path("data");
    }

    /** family -> type, checking that each family has exactly one {type, help, unit} entry, as Prometheus writes it. */
    private static Map<String, String> types(JsonNode data) {
        Map<String, String> types = new LinkedHashMap<>();
        data.fields().forEachRemaining(family -> {
            JsonNode entries = family.getValue();
            assertThat(entries.isArray() && entries.size() == 1)
                    .as(family.toString())
                    .isTrue();
            List<String> fields = new ArrayList<>();
            entries.get(0).fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("type", "help", "unit");
            assertThat(entries.get(0).path("unit").asText()).isEmpty();
            assertThat(entries.get(0).path("help").asText()).contains("Pulseboard's naming conventions");
            types.put(family.getKey(), entries.get(0).path("type").asText());
        });
        return types;
    }

    @Test
    void eachTenantGetsTheTypesOfItsOwnFamiliesAndNothingOfTheOthers() throws Exception {
        JsonNode acme = metadata(as(TestKeys.ACME));
        assertThat(types(acme)).containsExactlyInAnyOrderEntriesOf(ACME);
        // not as a family, not in a help text, not as anything else
        assertThat(acme.toString())
                .doesNotContain(PrometheusWithTypedSeries.GLOBEX_ONLY_FAMILIES)
                .doesNotContain(PrometheusWithTwoTenants.GLOBEX_ONLY.stream()
                        .filter(s -> s.startsWith("pb_"))
                        .toList());

        Map<String, String> globex = types(metadata(as(TestKeys.GLOBEX)));
        assertThat(globex)
                .containsEntry("pb_secret_payout_seconds", "histogram")
                .containsEntry("pb_secret_balance", "gauge")
                .containsEntry("pb_secret_orders_total", "counter")
                .containsEntry("pb_secret_revenue", "unknown")
                .containsEntry("pb_test_logins_total", "counter")
                .doesNotContainKeys("pb_test_cpu_percent", "pb_test_latency_seconds", "pb_test_visitors");
        assertThat(globex.keySet()).containsAll(PrometheusWithTypedSeries.GLOBEX_ONLY_FAMILIES);
    }

    @Test
    void metricSelectsOneFamilyByItsFamilyName() throws Exception {
        assertThat(types(metadata(as(TestKeys.ACME).queryParam("metric", "pb_test_latency_seconds"))))
                .containsExactly(entry("pb_test_latency_seconds", "histogram"));
        // as in Prometheus, a series name of a histogram is not its family's name
        assertThat(metadata(as(TestKeys.ACME).queryParam("metric", "pb_test_latency_seconds_bucket")))
                .isEmpty();
        for (String other : PrometheusWithTypedSeries.GLOBEX_ONLY_FAMILIES) {
            assertThat(metadata(as(TestKeys.ACME).queryParam("metric", other)))
                    .as(other)
                    .isEmpty();
            assertThat(metadata(as(TestKeys.GLOBEX).queryParam("metric", other)))
                    .as(other)
                    .hasSize(1);
        }
    }

    @Test
    void limitAndLimitPerMetricAsInPrometheus() throws Exception {
        assertThat(types(metadata(as(TestKeys.ACME).queryParam("limit", "2"))))
                .containsExactly(entry("pb_test_cpu_percent", "gauge"), entry("pb_test_cpu_percent:1m", "gauge"));
        assertThat(metadata(as(TestKeys.ACME).queryParam("limit", "0"))).isEmpty();
        assertThat(metadata(as(TestKeys.ACME).queryParam("limit", "-1"))).hasSize(ACME.size());
        assertThat(types(metadata(as(TestKeys.ACME)
                        .queryParam("limit_per_metric", "1")
                        .queryParam("metric", "pb_test_rpc_seconds"))))
                .containsExactly(entry("pb_test_rpc_seconds", "summary"));
        for (String parameter : new String[] {"limit", "limit_per_metric"}) {
            as(TestKeys.ACME)
                    .queryParam(parameter, "ten")
                    .get("/api/v1/metadata")
                    .then()
                    .statusCode(400)
                    .body("status", equalTo("error"))
                    .body("errorType", equalTo("bad_data"))
                    .body("errorId", equalTo("err-pb-query-invalid"))
                    .body("error", equalTo("err-pb-query-invalid: the " + parameter + " parameter must be a number"));
        }
    }

    @Test
    void aPostFormAndTheTenantServicesInternalCallAnswerTheSame() throws Exception {
        JsonNode get = metadata(as(TestKeys.ACME).queryParam("limit", "3"));
        String form = as(TestKeys.ACME)
                .formParam("limit", "3")
                .post("/api/v1/metadata")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(JSON.readTree(form).path("data")).isEqualTo(get);

        JsonNode internal = metadata(given().header(InternalApi.TOKEN_HEADER, TestKeys.INTERNAL_TOKEN)
                .header(InternalApi.TENANT_HEADER, "acme"));
        assertThat(types(internal)).containsExactlyInAnyOrderEntriesOf(ACME);
    }

    @Test
    void callersMustAuthenticate() {
        given().get("/api/v1/metadata").then().statusCode(401).body("errorId", equalTo("err-pb-missing-credentials"));
    }
}
