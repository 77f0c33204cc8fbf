package dev.pulseboard.tenant.keys;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulseboard.contract.feed.CompactedTopicWriter;
import dev.pulseboard.contract.wire.Topics;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.KeyUsed;
import dev.pulseboard.tenant.testing.EchoQueryFrontendTestResource;
import dev.pulseboard.tenant.testing.KafkaTestResource;
import dev.pulseboard.tenant.testing.KeycloakTestResource;
import dev.pulseboard.tenant.testing.PostgresTestResource;
import dev.pulseboard.tenant.testing.TestUsers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A key's "last used" is what the gateways and the query frontend report on the key-usage topic (their side:
 * ingest-gateway's KeyDirectoryIT and the end-to-end keys test): the latest report wins, an older one never moves it
 * back, and a report naming another tenant's key changes nothing.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = KeycloakTestResource.class, parallel = true)
@WithTestResource(value = EchoQueryFrontendTestResource.class)
class KeyLastUsedIT {
    private static final Instant NOON = Instant.parse("2026-11-30T12:00:00Z");

    @ConfigProperty(name = "pulseboard.tenant.kafka.bootstrap-servers")
    String bootstrap;

    @Test
    void theLatestReportedUseIsShownAndNeitherAnOlderNorAnotherTenantsReportMovesIt() {
        String token = TestUsers.accessToken(TestUsers.signUp("used-a").email());
        TestUsers.signUp("used-b");
        String keyId = given().auth().oauth2(token).get("/api/keys").jsonPath().getString("[0].id");
        assertThat(lastUsed(token)).as("not used yet").isNull();

        try (CompactedTopicWriter topic =
                new CompactedTopicWriter(bootstrap, Topics.KEY_USAGE, "test-key-usage", Duration.ofSeconds(10))) {
            report(topic, "used-a", keyId, NOON);
            await().atMost(Duration.ofSeconds(20)).until(() -> NOON.toString().equals(lastUsed(token)));

            report(topic, "used-a", keyId, NOON.minusSeconds(600)); // an instance that reports late
            report(topic, "used-b", keyId, NOON.plusSeconds(600)); // not used-b's key
            // unchanged for longer than a flush interval (5 s): both reports were read and written by then
            await().atMost(Duration.ofSeconds(30))
                    .during(Duration.ofSeconds(7))
                    .until(() -> NOON.toString().equals(lastUsed(token)));

            report(topic, "used-a", keyId, NOON.plusSeconds(60));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> NOON.plusSeconds(60).toString().equals(lastUsed(token)));
        }
    }

    private static String lastUsed(String token) {
        return given().auth().oauth2(token).get("/api/keys").jsonPath().getString("[0].lastUsedAt");
    }

    private static void report(CompactedTopicWriter topic, String tenant, String keyId, Instant at) {
        KeyUsed used = KeyUsed.newBuilder()
                .setTenant(tenant)
                .setKeyId(keyId)
                .setLastUsedMs(at.toEpochMilli())
                .build();
        topic.put(keyId.getBytes(StandardCharsets.UTF_8), WireCodec.encode(used));
    }
}
