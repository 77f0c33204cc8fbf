package dev.pulseboard.tenant.organizations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulseboard.contract.wire.Topics;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.LimitsOverrides;
import dev.pulseboard.tenant.identity.KeycloakDirectory;
import dev.pulseboard.tenant.testing.Database;
import dev.pulseboard.tenant.testing.EchoQueryFrontendTestResource;
import dev.pulseboard.tenant.testing.KafkaTestResource;
import dev.pulseboard.tenant.testing.KeycloakTestResource;
import dev.pulseboard.tenant.testing.Members;
import dev.pulseboard.tenant.testing.PostgresTestResource;
import dev.pulseboard.tenant.testing.TestUsers;
import dev.pulseboard.testing.kafka.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * An owner deletes the organisation: at once nobody can act on it and the gateways are told to refuse its keys and
 * webhook URLs and forget its limits; after the grace period (0 s in tests) its row and everything of it are gone and
 * its tenant id can be signed up again. The store's part (Prometheus' delete-series API) is tested end to end in
 * WalkingSkeletonIT.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = KeycloakTestResource.class, parallel = true)
@WithTestResource(value = EchoQueryFrontendTestResource.class)
class OrganizationDeletionIT {
    private static final String WEBHOOK = """
            {"name":"pushes","scheme":"github",
             "mapping":{"samples":[{"name":"git_pushes","type":"counter","value":1}]}}""";

    @ConfigProperty(name = "pulseboard.tenant.kafka.bootstrap-servers")
    String bootstrap;

    @ConfigProperty(name = "pulseboard.tenant.usage.prometheus-url")
    String prometheusUrl;

    @Inject
    Database database;

    @Inject
    KeycloakDirectory directory;

    @Test
    void anOwnerDeletesTheOrganizationAndNothingOfItRemains() {
        TestUsers.SignedUp signedUp = TestUsers.signUp("del-co");
        String owner = TestUsers.accessToken(signedUp.email());
        String viewer = Members.join(owner, "del-co", "viewer@del-co.test", "viewer");
        String ruleId = given().auth()
                .oauth2(owner)
                .contentType(ContentType.JSON)
                .body(WEBHOOK)
                .post("/api/webhooks")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("rule.id");
        given().header("X-Pulseboard-Internal-Token", "test-internal-token")
                .contentType(ContentType.JSON)
                .body("{\"plan\":\"free\"}")
                .put("/internal/v1/tenants/del-co/limits")
                .then()
                .statusCode(200);
        List<String> keyHashes = database.keyHashesOf("del-co");
        assertThat(keyHashes).isNotEmpty();

        assertProblem(
                given().auth().oauth2(viewer).delete("/api/organization?confirm=del-co"), 403, "err-pb-role-required");
        assertProblem(given().auth().oauth2(owner).delete("/api/organization"), 400, "err-pb-deletion-unconfirmed");
        assertProblem(
                given().auth().oauth2(owner).delete("/api/organization?confirm=other"),
                400,
                "err-pb-deletion-unconfirmed");
        Response deleted = given().auth().oauth2(owner).delete("/api/organization?confirm=del-co");
        assertThat(deleted.statusCode()).as(deleted.asString()).isEqualTo(202);
        assertThat(deleted.jsonPath().getString("status")).isEqualTo("DELETING");

        // At once: no member acts on it, and the gateways have been told (tombstones on the control topics).
        for (String token : List.of(owner, viewer)) {
            assertProblem(given().auth().oauth2(token).get("/api/dashboards"), 403, "err-pb-no-organization");
        }
        Map<String, byte[]> grants = lastValues(Topics.INGEST_KEYS);
        for (String hash : keyHashes) {
            assertThat(grants).containsKey(hash);
            assertThat(grants.get(hash))
                    .as("key %s revoked at the gateways", hash)
                    .isNull();
        }
        Map<String, byte[]> rules = lastValues(Topics.WEBHOOK_RULES);
        assertThat(rules).containsKey(ruleId);
        assertThat(rules.get(ruleId)).as("webhook URL refused at the gateways").isNull();

        // After the grace period: the row and everything of it, and the Keycloak organization, are gone.
        await("purged").atMost(Duration.ofSeconds(20)).until(() -> database.tenantStatus("del-co") == null);
        assertThat(database.keyHashesOf("del-co")).isEmpty();
        // Its limits record said "deleted" (the pipeline forgot it), then was removed.
        List<byte[]> limitRecords = new ArrayList<>();
        TopicReader.readToEnd(bootstrap, Topics.TENANT_LIMITS, r -> {
            if ("del-co".equals(new String(r.key(), StandardCharsets.UTF_8))) {
                limitRecords.add(r.value());
            }
        });
        assertThat(limitRecords).isNotEmpty();
        assertThat(limitRecords.get(limitRecords.size() - 1))
                .as("removed once purged")
                .isNull();
        assertThat(limitRecords.stream()
                        .filter(v -> v != null)
                        .map(v -> WireCodec.decode(v, LimitsOverrides.parser()).message())
                        .anyMatch(LimitsOverrides::getDeleted))
                .as("marked deleted while DELETING")
                .isTrue();
        assertThat(given().get(prometheusUrl + "/recorded").asString().split("\n"))
                .as("its series deleted from the store, then the tombstones cleaned")
                .containsSubsequence(
                        "POST /api/v1/admin/tsdb/delete_series?match[]={tenant=\"del-co\"}",
                        "POST /api/v1/admin/tsdb/clean_tombstones");
        // The tenant id is free again; the people keep their accounts.
        assertThat(directory.emailTaken(signedUp.email())).isTrue();
        TestUsers.operatorSignUp(TestUsers.signupBody("del-co", "second@del-co.test"))
                .then()
                .statusCode(201);
    }

    /** The last value of each record key of a compacted topic (null: a tombstone). */
    private Map<String, byte[]> lastValues(String topic) {
        Map<String, byte[]> last = new HashMap<>();
        TopicReader.readToEnd(bootstrap, topic, r -> last.put(new String(r.key(), StandardCharsets.UTF_8), r.value()));
        return last;
    }

    private static void assertProblem(Response response, int status, String id) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.jsonPath().getString("id")).isEqualTo(id);
    }
}
