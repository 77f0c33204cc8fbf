package dev.pulseboard.gateway.ingest.validation;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.pulseboard.contract.limits.TenantLimitsPublisher;
import dev.pulseboard.contract.wire.v1.LimitsOverrides;
import dev.pulseboard.gateway.testing.KafkaTestCluster;
import dev.pulseboard.testing.keys.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** A limit changed on the tenant-limits topic takes effect at the running gateway for that tenant only. */
@QuarkusTest
@WithTestResource(KafkaTestCluster.class)
class TenantLimitsChangeIT {
    private static final String THREE_LABELS =
            "{\"samples\":[{\"name\":\"limits_probe\",\"type\":\"gauge\",\"value\":1,"
                    + "\"labels\":{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}}]}";

    @ConfigProperty(name = "pulseboard.gateway.kafka.bootstrap-servers")
    String bootstrap;

    @Test
    void aLoweredLabelLimitRefusesOnlyThatTenantsSamplesUntilItIsCleared() {
        assertStatus(TestKeys.ACME, 200);
        try (TenantLimitsPublisher publisher = new TenantLimitsPublisher(bootstrap)) {
            publisher.publish(
                    "acme",
                    LimitsOverrides.newBuilder().setMaxLabelsPerSeries(2).build());
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> given().header("Authorization", "Bearer " + TestKeys.ACME)
                            .body(THREE_LABELS)
                            .post("/api/v1/push")
                            .then()
                            .statusCode(400)
                            .body("errors[0].id", equalTo("err-pb-max-label-names-per-series")));
            assertStatus(TestKeys.GLOBEX, 200);

            publisher.clear("acme");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertStatus(TestKeys.ACME, 200));
        }
    }

    private static void assertStatus(String key, int status) {
        given().header("Authorization", "Bearer " + key)
                .body(THREE_LABELS)
                .post("/api/v1/push")
                .then()
                .statusCode(status);
    }
}
