package dev.pulseboard.gateway.ingest.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import dev.pulseboard.contract.wire.RecordKeys;
import dev.pulseboard.contract.wire.SeriesKey;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.gateway.testing.KafkaTestCluster;
import dev.pulseboard.gateway.testing.Management;
import dev.pulseboard.gateway.testing.MetricsRawRecords;
import dev.pulseboard.gateway.testing.MetricsRawRecords.Received;
import dev.pulseboard.gateway.testing.PrometheusScrape;
import dev.pulseboard.testing.keys.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** POST /api/v1/push against a real in-process Kafka: what the client sees and what lands on metrics-raw. */
@QuarkusTest
@WithTestResource(KafkaTestCluster.class)
class PushResourceIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @ConfigProperty(name = "pulseboard.gateway.kafka.bootstrap-servers")
    String bootstrap;

    @Test
    void validPushIsAcknowledgedAndWrittenWithTheKeysTenant() {
        String run = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        String body = "{\"samples\":[{\"name\":\"cpu_usage_percent\",\"type\":\"gauge\",\"value\":42.5,\"timestamp\":"
                + now + ",\"labels\":{\"run\":\"" + run + "\",\"instance\":\"i-1\",\"az\":\"a\"}}]}";

        given().header("Authorization", "Bearer " + TestKeys.ACME)
                .body(body)
                .post("/api/v1/push")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1));

        List<Received> got =
                MetricsRawRecords.await(bootstrap, r -> MetricsRawRecords.hasLabel(r.sample(), "run", run), 1, WAIT);
        assertThat(got).hasSize(1);
        Received r = got.get(0);
        assertThat(r.batch().getTenant()).isEqualTo("acme");
        assertThat(r.batch().getSource()).isEqualTo("http-json");
        assertThat(r.key())
                .isEqualTo(
                        new String(RecordKeys.of("acme", SeriesKey.shard("acme", r.sample())), StandardCharsets.UTF_8));
        assertThat(r.sample().getName()).isEqualTo("cpu_usage_percent");
        assertThat(r.sample().getType()).isEqualTo(MetricType.GAUGE);
        assertThat(r.sample().getValue()).isEqualTo(42.5);
        assertThat(r.sample().getTimestampMs()).isEqualTo(now);
        assertThat(r.sample().getLabelsList()).extracting(Label::getName).containsExactly("az", "instance", "run");
    }

    @Test
    void oneFarFutureSampleIsRefusedWhileItsNeighboursAreWrittenAndCounted() {
        String run = UUID.randomUUID().toString();
        double before = PrometheusScrape.discarded("acme", "err-pb-sample-too-far-in-future");
        long future = System.currentTimeMillis() + Duration.ofHours(1).toMillis();
        String body = "{\"samples\":[" + sample("a", run, null) + "," + sample("b", run, future) + ","
                + sample("c", run, null) + "]}";

        given().header("Authorization", "Bearer " + TestKeys.ACME)
                .body(body)
                .post("/api/v1/push")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("id", equalTo("err-pb-samples-rejected"))
                .body("accepted", equalTo(2))
                .body("errors", hasSize(1))
                .body("errors[0].index", equalTo(1))
                .body("errors[0].id", equalTo("err-pb-sample-too-far-in-future"));

        List<Received> got =
                MetricsRawRecords.await(bootstrap, r -> MetricsRawRecords.hasLabel(r.sample(), "run", run), 2, WAIT);
        assertThat(got).extracting(r -> r.sample().getName()).containsExactlyInAnyOrder("requests_a", "requests_c");
        assertThat(PrometheusScrape.discarded("acme", "err-pb-sample-too-far-in-future"))
                .isEqualTo(before + 1);
    }

    @Test
    void clientSentTenantLabelIsRefused() {
        String body =
                "{\"samples\":[{\"name\":\"up\",\"type\":\"gauge\",\"value\":1,\"labels\":{\"tenant\":\"globex\"}}]}";
        given().header("Authorization", "Bearer " + TestKeys.ACME)
                .body(body)
                .post("/api/v1/push")
                .then()
                .statusCode(400)
                .body("accepted", equalTo(0))
                .body("errors[0].id", equalTo("err-pb-reserved-label-name"));
    }

    @Test
    void missingKeyIs401WithBearerChallenge() {
        given().body("{\"samples\":[]}")
                .post("/api/v1/push")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("id", equalTo("err-pb-missing-credentials"))
                .body("status", equalTo(401));
    }

    @Test
    void unknownOrMalformedKeyIs401InvalidCredentials() {
        for (String key : List.of(TestKeys.UNKNOWN, "pbk_not-a-key", TestKeys.ACME.toUpperCase(Locale.ROOT))) {
            given().header("Authorization", "Bearer " + key)
                    .body("{\"samples\":[]}")
                    .post("/api/v1/push")
                    .then()
                    .statusCode(401)
                    .body("id", equalTo("err-pb-invalid-credentials"));
        }
    }

    @Test
    void bodyOverTheLimitIs413() {
        byte[] huge = new byte[5 * 1024 * 1024 + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        given().header("Authorization", "Bearer " + TestKeys.ACME)
                .body(huge)
                .post("/api/v1/push")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("id", equalTo("err-pb-request-too-large"));
    }

    @Test
    void unparseableBodyIs400InvalidJson() {
        given().header("Authorization", "Bearer " + TestKeys.ACME)
                .body("{\"samples\":[{")
                .post("/api/v1/push")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("id", equalTo("err-pb-invalid-json"));
        given().header("Authorization", "Bearer " + TestKeys.ACME)
                .body("{\"series\":[]}")
                .post("/api/v1/push")
                .then()
                .statusCode(400)
                .body("id", equalTo("err-pb-invalid-json"));
    }

    @Test
    void basicAuthWithTheKeyAsPasswordAuthenticatesToo() {
        given().auth()
                .preemptive()
                .basic("anything", TestKeys.GLOBEX)
                .body("{\"samples\":[]}")
                .post("/api/v1/push")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(0));
    }

    @Test
    void healthAndPrometheusMetricsAreOnTheManagementPortOnly() {
        Management.given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        // The tenant-facing port must not serve every tenant's ids and volumes, nor health, to anyone.
        given().get("/q/metrics").then().statusCode(404);
        given().get("/q/health").then().statusCode(404);
        given().get("/q/health/ready").then().statusCode(404);
        double before = PrometheusScrape.received("globex", "http-json");
        given().header("Authorization", "Bearer " + TestKeys.GLOBEX)
                .body("{\"samples\":[{\"name\":\"up\",\"type\":\"gauge\",\"value\":1}]}")
                .post("/api/v1/push")
                .then()
                .statusCode(200);
        assertThat(PrometheusScrape.received("globex", "http-json")).isEqualTo(before + 1);
        String appendDelayCount = Management.given()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .filter(l -> l.startsWith("pulseboard_ingest_append_delay_seconds_count"))
                .findFirst()
                .orElseThrow();
        assertThat(Double.parseDouble(appendDelayCount.substring(appendDelayCount.lastIndexOf(' ') + 1)))
                .as("receive-to-append delay recorded per acknowledged record")
                .isGreaterThan(0);
    }

    private static String sample(String suffix, String run, Long timestamp) {
        return "{\"name\":\"requests_" + suffix + "\",\"type\":\"counter\",\"value\":1"
                + (timestamp == null ? "" : ",\"timestamp\":" + timestamp)
                + ",\"labels\":{\"run\":\"" + run + "\"}}";
    }
}
