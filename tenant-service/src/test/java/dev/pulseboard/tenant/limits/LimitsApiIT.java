package dev.pulseboard.tenant.limits;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.wire.Topics;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.LimitsOverrides;
import dev.pulseboard.tenant.testing.EchoQueryFrontendTestResource;
import dev.pulseboard.tenant.testing.KafkaTestResource;
import dev.pulseboard.tenant.testing.KeycloakTestResource;
import dev.pulseboard.tenant.testing.PostgresTestResource;
import dev.pulseboard.tenant.testing.TestUsers;
import dev.pulseboard.testing.kafka.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The operator sets a tenant's plan and overrides through the API; the merged limits are what the tenant sees and what
 * is written to the tenant-limits topic the gateways and the pipeline follow (ADR 014).
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = KeycloakTestResource.class, parallel = true)
@WithTestResource(value = EchoQueryFrontendTestResource.class)
class LimitsApiIT {
    private static final String TOKEN = "test-internal-token";

    @ConfigProperty(name = "pulseboard.tenant.kafka.bootstrap-servers")
    String bootstrap;

    @Test
    void aPlanAndOverridesSetByTheOperatorAreWhatTheTenantSeesAndWhatTheGatewaysRead() {
        TestUsers.SignedUp signedUp = TestUsers.signUp("limits-co");
        String member = TestUsers.accessToken(signedUp.email());
        JsonPath initial = given().auth()
                .oauth2(member)
                .get("/api/limits")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(initial.getString("plan")).isEqualTo("standard");
        assertThat(initial.getMap("limits")).isEmpty();

        JsonPath set = operatorPut(
                        "limits-co",
                        "{\"plan\":\"free\",\"overrides\":{\"ingest_rate\":50,\"histogram_buckets\":[0.1,1]}}")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(set.getString("plan")).isEqualTo("free");
        Map<String, Object> expected = Map.of(
                "ingest_rate",
                50.0f,
                "ingest_burst",
                10000,
                "max_active_series",
                10000,
                "histogram_buckets",
                List.of(0.1f, 1.0f),
                "retention_ms",
                604800000,
                "query_max_range_ms",
                604800000,
                "query_max_concurrent",
                4);
        assertThat(given().auth().oauth2(member).get("/api/limits").jsonPath().getMap("limits"))
                .isEqualTo(expected);

        LimitsOverrides written = lastRecord("limits-co");
        assertThat(written).isNotNull();
        assertThat(written.getIngestRate()).isEqualTo(50.0);
        assertThat(written.getIngestBurst()).isEqualTo(10_000L);
        assertThat(written.getMaxActiveSeries()).isEqualTo(10_000);
        assertThat(written.getHistogramBucketsList()).containsExactly(0.1, 1.0);
        assertThat(written.hasMaxLabelsPerSeries())
                .as("not set: the platform default")
                .isFalse();

        // Back to the standard plan without overrides: the record is a tombstone, the platform defaults apply again.
        operatorPut("limits-co", "{\"plan\":\"standard\",\"overrides\":{}}")
                .then()
                .statusCode(200);
        assertThat(lastRecord("limits-co")).isNull();
        assertThat(recordsOf("limits-co")).hasSize(2);
    }

    @Test
    void onlyTheOperatorChangesLimitsAndBadLimitsAreRefusedByName() {
        String member = TestUsers.accessToken(TestUsers.signUp("limits-bad").email());
        for (String presented : new String[] {null, "", "wrong", TOKEN + "x"}) {
            var request = given().contentType(ContentType.JSON).body("{\"plan\":\"scale\"}");
            if (presented != null) {
                request = request.header("X-Pulseboard-Internal-Token", presented);
            }
            assertProblem(request.put("/internal/v1/tenants/limits-bad/limits"), 401, "err-pb-internal-token");
        }
        // A member's session is not the operator's token.
        assertProblem(
                given().auth()
                        .oauth2(member)
                        .contentType(ContentType.JSON)
                        .body("{\"plan\":\"scale\"}")
                        .put("/internal/v1/tenants/limits-bad/limits"),
                401,
                "err-pb-internal-token");
        assertProblem(operatorPut("limits-bad", "{\"plan\":\"platinum\"}"), 400, "err-pb-limits-invalid");
        assertProblem(operatorPut("limits-bad", "{\"overrides\":{\"max_series\":1}}"), 400, "err-pb-limits-invalid");
        assertProblem(
                operatorPut("limits-bad", "{\"overrides\":{\"ingest_burst\":1.5}}"), 400, "err-pb-limits-invalid");
        assertProblem(
                operatorPut("limits-bad", "{\"overrides\":{\"histogram_buckets\":\"0.1\"}}"),
                400,
                "err-pb-limits-invalid");
        assertProblem(operatorPut("no-such-tenant", "{\"plan\":\"scale\"}"), 404, "err-pb-organization-not-found");
        assertThat(given().auth().oauth2(member).get("/api/limits").jsonPath().getString("plan"))
                .as("nothing changed")
                .isEqualTo("standard");
        assertThat(recordsOf("limits-bad")).isEmpty();
    }

    private static Response operatorPut(String tenant, String body) {
        return given().header("X-Pulseboard-Internal-Token", TOKEN)
                .contentType(ContentType.JSON)
                .body(body)
                .put("/internal/v1/tenants/" + tenant + "/limits");
    }

    /** The tenant's last record on the topic, decoded; null for a tombstone. */
    private LimitsOverrides lastRecord(String tenant) {
        List<byte[]> records = recordsOf(tenant);
        assertThat(records).isNotEmpty();
        byte[] last = records.get(records.size() - 1);
        return last == null
                ? null
                : WireCodec.decode(last, LimitsOverrides.parser()).message();
    }

    private List<byte[]> recordsOf(String tenant) {
        List<byte[]> values = new ArrayList<>();
        TopicReader.readToEnd(bootstrap, Topics.TENANT_LIMITS, r -> {
            if (tenant.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                values.add(r.value());
            }
        });
        return values;
    }

    private static void assertProblem(Response response, int status, String id) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.jsonPath().getString("id")).isEqualTo(id);
    }
}
