package dev.pulseboard.tenant.retention;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.tenant.testing.EchoQueryFrontendTestResource;
import dev.pulseboard.tenant.testing.KafkaTestResource;
import dev.pulseboard.tenant.testing.KeycloakTestResource;
import dev.pulseboard.tenant.testing.PostgresTestResource;
import dev.pulseboard.tenant.testing.TestUsers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A tenant's retention (its limit retention_ms, from its plan or an override) is enforced in the store: its samples
 * older than that are deleted through the delete-series API, those of tenants without a retention are not touched.
 * The Prometheus stand-in records the calls; that Prometheus' delete-series with an end deletes only older samples is
 * its documented API (the end-to-end deletion test runs the same call against the real one).
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = KeycloakTestResource.class, parallel = true)
@WithTestResource(value = EchoQueryFrontendTestResource.class)
class RetentionIT {
    private static final String DELETE = "POST /api/v1/admin/tsdb/delete_series?match[]={tenant=\"%s\"}&end=%s";

    @Inject
    RetentionEnforcer enforcer;

    @ConfigProperty(name = "pulseboard.tenant.usage.prometheus-url")
    String prometheusUrl;

    @Test
    void samplesOlderThanATenantsRetentionAreDeletedAndOtherTenantsAreLeftAlone() {
        TestUsers.signUp("ret-short");
        TestUsers.signUp("ret-free");
        TestUsers.signUp("ret-keep");
        operatorPut("ret-short", "{\"overrides\":{\"retention_ms\":3600000}}");
        operatorPut("ret-free", "{\"plan\":\"free\"}");
        Instant now = Instant.parse("2026-11-30T12:00:00.250Z");

        assertThat(enforcer.enforce(now)).isGreaterThanOrEqualTo(2);

        List<String> calls = recorded();
        assertThat(calls)
                .as("one hour for ret-short, the free plan's 7 days for ret-free, then the tombstones cleaned")
                .contains(
                        DELETE.formatted("ret-short", "1796036400.250"), DELETE.formatted("ret-free", "1795435200.250"))
                .noneMatch(call -> call.contains("\"ret-keep\""));
        int cleaned = calls.lastIndexOf("POST /api/v1/admin/tsdb/clean_tombstones");
        assertThat(cleaned)
                .as("tombstones cleaned after the deletions")
                .isGreaterThan(calls.indexOf(DELETE.formatted("ret-short", "1796036400.250")))
                .isGreaterThan(calls.indexOf(DELETE.formatted("ret-free", "1795435200.250")));
    }

    private List<String> recorded() {
        return Arrays.asList(given().get(prometheusUrl + "/recorded").asString().split("\n"));
    }

    private static void operatorPut(String tenant, String body) {
        given().header("X-Pulseboard-Internal-Token", EchoQueryFrontendTestResource.INTERNAL_TOKEN)
                .contentType(ContentType.JSON)
                .body(body)
                .put("/internal/v1/tenants/" + tenant + "/limits")
                .then()
                .statusCode(200);
    }
}
