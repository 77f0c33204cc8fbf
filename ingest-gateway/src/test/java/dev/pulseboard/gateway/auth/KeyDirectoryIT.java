package dev.pulseboard.gateway.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulseboard.contract.keys.KeyScope;
import dev.pulseboard.contract.tenant.IngestKeyGrants;
import dev.pulseboard.contract.tenant.IngestKeys;
import dev.pulseboard.contract.wire.Topics;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.KeyUsed;
import dev.pulseboard.gateway.ingest.statsd.StatsdListener;
import dev.pulseboard.gateway.testing.KafkaTestCluster;
import dev.pulseboard.gateway.testing.MetricsRawRecords;
import dev.pulseboard.gateway.testing.PrometheusScrape;
import dev.pulseboard.testing.kafka.TopicReader;
import dev.pulseboard.testing.keys.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keys come from the ingest-keys topic (ADR 008), written here exactly as tenant-service writes it. No tenant-service
 * runs in these tests at all: known keys never depend on it being up.
 */
@QuarkusTest
@WithTestResource(KafkaTestCluster.class)
class KeyDirectoryIT {
    private static final String GAUGE = "{\"samples\":[{\"name\":\"up\",\"type\":\"gauge\",\"value\":1}]}";

    @ConfigProperty(name = "pulseboard.gateway.kafka.bootstrap-servers")
    String bootstrap;

    @Inject
    StatsdListener statsd;

    private IngestKeyGrants grants;

    @BeforeEach
    void grants() {
        grants = new IngestKeyGrants(bootstrap, Duration.ofSeconds(30));
    }

    @AfterEach
    void close() {
        grants.close();
    }

    @Test
    void aKeyIsAcceptedTheMomentItsGrantIsAcknowledgedAndRefusedWithinFiveSecondsOfItsRevocation() {
        String key = IngestKeys.generate();
        TestKeys.grant(grants, key, "initech");
        // tenant-service hands the key out right after this acknowledgement: the first request must already pass.
        push(key).then().statusCode(200);

        long revokedAt = System.nanoTime();
        grants.revoke(IngestKeys.hash(key));
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> push(key).statusCode() == 401);
        long refusedAfterMs = (System.nanoTime() - revokedAt) / 1_000_000;
        System.out.printf("revoked key refused after %d ms (bound: 5000 ms)%n", refusedAfterMs);
        // and stays refused (the query frontend's own directory: query-frontend's QueryKeysIT)
        push(key).then().statusCode(401);
    }

    @Test
    void aKeysUseIsReportedToTenantServiceOnTheKeyUsageTopic() {
        String key = IngestKeys.generate();
        TestKeys.grant(grants, key, "usage-co");
        long before = System.currentTimeMillis() / 60_000 * 60_000;
        push(key).then().statusCode(200);
        push(key).then().statusCode(200);
        long after = System.currentTimeMillis();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            List<KeyUsed> reported = new ArrayList<>();
            TopicReader.readToEnd(bootstrap, Topics.KEY_USAGE, r -> {
                if ("key-usage-co".equals(new String(r.key(), StandardCharsets.UTF_8))) {
                    reported.add(WireCodec.decode(r.value(), KeyUsed.parser()).message());
                }
            });
            assertThat(reported).hasSize(1).first().satisfies(used -> {
                assertThat(used.getTenant()).isEqualTo("usage-co");
                assertThat(used.getKeyId()).isEqualTo("key-usage-co");
                assertThat(used.getLastUsedMs())
                        .isBetween(before, after)
                        .isEqualTo(used.getLastUsedMs() / 60_000 * 60_000);
            });
        });
    }

    @Test
    void aThousandUnknownKeysInOnePacketDoNotHoldUpAKnownKeysLines() throws Exception {
        double invalid = PrometheusScrape.discarded("unknown", "err-pb-invalid-credentials");
        StringBuilder flood = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            flood.append(IngestKeys.generate()).append(".x:1|c\n");
        }
        String run = UUID.randomUUID().toString();
        try (DatagramSocket socket = new DatagramSocket()) {
            // first the known key's line alone, not measured: the StatsD path and the producer warmed up
            String warmUp = UUID.randomUUID().toString();
            send(socket, TestKeys.ACME + ".warm_up:1|c|#run:" + warmUp);
            MetricsRawRecords.await(
                    bootstrap, r -> MetricsRawRecords.hasLabel(r.sample(), "run", warmUp), 1, Duration.ofSeconds(10));
            // the unknown keys first, in the same packet and in the one before the known key's line
            send(socket, flood.toString());
            send(socket, flood + TestKeys.ACME + ".behind_the_flood:1|c|#run:" + run);
        }
        List<MetricsRawRecords.Received> got = MetricsRawRecords.await(
                bootstrap, r -> MetricsRawRecords.hasLabel(r.sample(), "run", run), 1, Duration.ofSeconds(10));
        assertThat(got).hasSize(1);
        // From the packet's arrival at the gateway to its append in Kafka: the time it spent behind the unknown keys.
        long inGatewayMs = got.get(0).appendedAtMs() - got.get(0).batch().getReceivedAtMs();
        System.out.printf(
                "known key's line appended %d ms after its packet arrived, behind 2000 unknown keys%n", inGatewayMs);
        // Before: every unknown key was looked up over HTTP on the only worker, 2.7 s per 1000 keys (5.4 s here).
        // Without any flood a StatsD line spends up to a second in the gateway: the edge buffer holds it until its
        // 1 s receive window ends (checked every 50 ms), as statsd holds its flush interval; a clean-clone CI run
        // measured 1,021 ms against a bound of 1,000. So the bound is that second plus one more, far below 5.4 s.
        assertThat(inGatewayMs)
                .as("the known key waited behind the unknown ones (beyond the edge buffer's 1 s window)")
                .isLessThan(2000);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> PrometheusScrape.discarded("unknown", "err-pb-invalid-credentials") >= invalid + 2000);
        assertThat(PrometheusScrape.discarded("unknown", "err-pb-invalid-credentials"))
                .isEqualTo(invalid + 2000);
    }

    @Test
    void aReadKeyCannotSendSamplesOverHttpOrStatsd() throws Exception {
        String readOnly = IngestKeys.generate();
        TestKeys.grant(grants, readOnly, "initech", KeyScope.READ);
        push(readOnly).then().statusCode(403).body("id", org.hamcrest.Matchers.equalTo("err-pb-key-scope-missing"));

        double before = PrometheusScrape.discarded("initech", "err-pb-key-scope-missing");
        try (DatagramSocket socket = new DatagramSocket()) {
            send(socket, readOnly + ".scoped.requests:1|c\n" + readOnly + ".scoped.requests:1|c");
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> PrometheusScrape.discarded("initech", "err-pb-key-scope-missing") >= before + 2);
        assertThat(PrometheusScrape.discarded("initech", "err-pb-key-scope-missing"))
                .as("both lines counted for the key's own tenant")
                .isEqualTo(before + 2);
    }

    private void send(DatagramSocket socket, String packet) throws Exception {
        byte[] bytes = packet.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), statsd.localPort()));
    }

    private static io.restassured.response.Response push(String key) {
        return given().header("Authorization", "Bearer " + key).body(GAUGE).post("/api/v1/push");
    }
}
