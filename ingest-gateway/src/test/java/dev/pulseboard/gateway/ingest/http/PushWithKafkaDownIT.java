package dev.pulseboard.gateway.ingest.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.pulseboard.testing.keys.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With nothing listening at the bootstrap address since startup the push must fail fast with 503 and Retry-After, not
 * hang: the gateway could neither read the key directory nor store anything (ADR 008).
 */
@QuarkusTest
@TestProfile(PushWithKafkaDownIT.KafkaDown.class)
class PushWithKafkaDownIT {

    @Test
    void pushIs503WithRetryAfterWithinSeconds() {
        long start = System.nanoTime();

        given().header("Authorization", "Bearer " + TestKeys.ACME)
                .body("{\"samples\":[{\"name\":\"up\",\"type\":\"gauge\",\"value\":1}]}")
                .post("/api/v1/push")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "4")
                .body("id", equalTo("err-pb-tenant-service-unavailable"))
                .body("detail", containsString("retry"));

        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
    }

    /** Bootstrap at a port that was just free (nothing listens), short producer timeouts. */
    public static class KafkaDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "pulseboard.gateway.kafka.bootstrap-servers", "127.0.0.1:" + closedPort(),
                    "pulseboard.gateway.kafka.max-block", "1s",
                    "pulseboard.gateway.kafka.request-timeout", "1s",
                    "pulseboard.gateway.kafka.delivery-timeout", "2s",
                    "pulseboard.gateway.kafka.retry-after", "3s",
                    "pulseboard.gateway.tenant-service.retry-after", "4s",
                    "pulseboard.gateway.keys.startup-timeout", "1s",
                    "pulseboard.gateway.limits.startup-timeout", "1s");
        }

        private static int closedPort() {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
