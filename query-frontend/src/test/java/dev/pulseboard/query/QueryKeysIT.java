package dev.pulseboard.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.pulseboard.contract.keys.KeyScope;
import dev.pulseboard.contract.tenant.IngestKeyGrants;
import dev.pulseboard.contract.tenant.IngestKeys;
import dev.pulseboard.testing.keys.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The query frontend holds its own copy of every key grant, read from the ingest-keys topic as tenant-service writes
 * it (ADR 008): a key reads the moment its grant is acknowledged and stops reading within 5 s of its revocation, with
 * no tenant-service running at all.
 */
@QuarkusTest
@WithTestResource(KeysOnKafka.class)
@WithTestResource(PrometheusWithTwoTenants.class)
class QueryKeysIT {

    @ConfigProperty(name = "pulseboard.query.kafka.bootstrap-servers")
    String bootstrap;

    private static Response sum(String key) {
        return given().header("Authorization", "Bearer " + key)
                .queryParam("query", "sum(pb_test_requests)")
                .get("/api/v1/query");
    }

    @Test
    void aKeyReadsOnceGrantedAndIsRefusedWithinFiveSecondsOfItsRevocation() {
        String key = IngestKeys.generate();
        try (IngestKeyGrants grants = new IngestKeyGrants(bootstrap, Duration.ofSeconds(30))) {
            TestKeys.grant(grants, key, "acme");
            // tenant-service hands the key out right after this acknowledgement: the first query must already pass.
            sum(key).then().statusCode(200);
            assertThat(sum(key).jsonPath().getString("data.result[0].value[1]"))
                    .as("acme's two series")
                    .isEqualTo("3");

            long revokedAt = System.nanoTime();
            grants.revoke(IngestKeys.hash(key));
            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> sum(key).statusCode() == 401);
            System.out.printf(
                    "revoked key refused by the query frontend after %d ms (bound: 5000 ms)%n",
                    (System.nanoTime() - revokedAt) / 1_000_000);
            sum(key).then().statusCode(401);
        }
    }

    @Test
    void onlyKeysWithTheReadScopeRead() {
        String ingestOnly = IngestKeys.generate();
        String readOnly = IngestKeys.generate();
        try (IngestKeyGrants grants = new IngestKeyGrants(bootstrap, Duration.ofSeconds(30))) {
            TestKeys.grant(grants, ingestOnly, "acme", KeyScope.INGEST);
            TestKeys.grant(grants, readOnly, "acme", KeyScope.READ);
        }
        sum(ingestOnly)
                .then()
                .statusCode(403)
                .body("errorType", equalTo("forbidden"))
                .body("errorId", equalTo("err-pb-key-scope-missing"));
        sum(readOnly).then().statusCode(200).body("data.result[0].value[1]", equalTo("3"));
    }
}
