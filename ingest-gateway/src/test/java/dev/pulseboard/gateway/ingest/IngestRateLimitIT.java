package dev.pulseboard.gateway.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.pulseboard.contract.limits.TenantLimitsPublisher;
import dev.pulseboard.contract.wire.v1.LimitsOverrides;
import dev.pulseboard.gateway.testing.KafkaTestCluster;
import dev.pulseboard.gateway.testing.PrometheusScrape;
import dev.pulseboard.testing.keys.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** A tenant over its ingest rate gets 429 with Retry-After, counted; another tenant's pushes pass meanwhile. */
@QuarkusTest
@WithTestResource(KafkaTestCluster.class)
class IngestRateLimitIT {

    @ConfigProperty(name = "pulseboard.gateway.kafka.bootstrap-servers")
    String bootstrap;

    @Test
    void overItsRateATenantGets429WithRetryAfterWhileAnotherTenantsTrafficPasses() {
        try (TenantLimitsPublisher publisher = new TenantLimitsPublisher(bootstrap)) {
            // 1 sample/s with a burst of 100: the first 100 pass, then the bucket is empty for a long while.
            publisher.publish(
                    "acme",
                    LimitsOverrides.newBuilder()
                            .setIngestRate(1)
                            .setIngestBurst(100)
                            .build());
            double limited = PrometheusScrape.discarded("acme", "err-pb-rate-limited");
            double unread = PrometheusScrape.refusedRequests("acme", "err-pb-rate-limited");
            // A request larger than the whole burst can never pass; it says so rather than "retry in a second".
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> push(TestKeys.ACME, 101).statusCode() == 429);
            Response tooBig = push(TestKeys.ACME, 101);
            assertThat(tooBig.statusCode()).isEqualTo(429);
            assertThat(Long.parseLong(tooBig.header("Retry-After"))).isEqualTo(100L);
            assertThat(PrometheusScrape.discarded("acme", "err-pb-rate-limited"))
                    .as("the refused samples counted")
                    .isGreaterThanOrEqualTo(limited + 101);

            // Spend the burst, then one request too many: refused, with the seconds until its 60 tokens are back.
            while (push(TestKeys.ACME, 60).statusCode() == 200) {
                // at most one pass: the burst holds 100
            }
            Response refused = push(TestKeys.ACME, 60);
            refused.then()
                    .statusCode(429)
                    .contentType("application/problem+json")
                    .body("id", equalTo("err-pb-rate-limited"));
            long retryAfter = Long.parseLong(refused.header("Retry-After"));
            assertThat(retryAfter).as("seconds until 60 tokens at 1/s").isBetween(1L, 61L);
            // After a refusal, requests are refused before their body is read (a flood costs no parsing), and counted.
            assertThat(PrometheusScrape.refusedRequests("acme", "err-pb-rate-limited"))
                    .isGreaterThan(unread);

            // Another tenant, at the default rate, is untouched: 20 pushes of 1000 samples all pass.
            for (int i = 0; i < 20; i++) {
                push(TestKeys.GLOBEX, 1000).then().statusCode(200).body("accepted", equalTo(1000));
            }

            publisher.clear("acme");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> push(TestKeys.ACME, 60).statusCode() == 200);
        }
    }

    private static Response push(String key, int samples) {
        String body = IntStream.range(0, samples)
                .mapToObj(i ->
                        "{\"name\":\"rate_probe\",\"type\":\"counter\",\"value\":1,\"labels\":{\"i\":\"" + i + "\"}}")
                .collect(Collectors.joining(",", "{\"samples\":[", "]}"));
        return given().header("Authorization", "Bearer " + key).body(body).post("/api/v1/push");
    }
}
