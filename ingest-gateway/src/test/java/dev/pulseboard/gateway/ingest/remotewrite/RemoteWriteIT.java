package dev.pulseboard.gateway.ingest.remotewrite;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import com.sun.net.httpserver.HttpServer;
import dev.pulseboard.contract.prometheus.Histogram;
import dev.pulseboard.contract.prometheus.Label;
import dev.pulseboard.contract.prometheus.MetricMetadata;
import dev.pulseboard.contract.prometheus.Sample;
import dev.pulseboard.contract.prometheus.TimeSeries;
import dev.pulseboard.contract.prometheus.WriteRequest;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Temporality;
import dev.pulseboard.gateway.testing.KafkaTestCluster;
import dev.pulseboard.gateway.testing.MetricsRawRecords;
import dev.pulseboard.gateway.testing.MetricsRawRecords.Received;
import dev.pulseboard.gateway.testing.PrometheusScrape;
import dev.pulseboard.testing.keys.TestKeys;
import dev.pulseboard.testing.prometheus.PrometheusAgent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import net.jpountz.lz4.LZ4Factory;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/** Prometheus remote-write 1.0 into metrics-raw: from the real Prometheus 2.42 agent, and edge cases by hand. */
@QuarkusTest
@WithTestResource(KafkaTestCluster.class)
class RemoteWriteIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "pulseboard.gateway.kafka.bootstrap-servers")
    String bootstrap;

    @Test
    void theRealPrometheusAgentShipsWhatItScrapesWithBasicAuthAndExactValues() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String exposition = "# HELP rw_requests_total Requests.\n# TYPE rw_requests_total counter\n"
                + "rw_requests_total{path=\"/a\",run=\"" + run + "\"} 42\n"
                + "# HELP rw_temperature_celsius Temperature.\n# TYPE rw_temperature_celsius gauge\n"
                + "rw_temperature_celsius{room=\"lab\",run=\"" + run + "\"} -3.25\n"
                + "# TYPE rw_latency_seconds histogram\n"
                + "rw_latency_seconds_bucket{le=\"0.1\",run=\"" + run + "\"} 3\n"
                + "rw_latency_seconds_bucket{le=\"+Inf\",run=\"" + run + "\"} 5\n"
                + "rw_latency_seconds_sum{run=\"" + run + "\"} 1.5\n"
                + "rw_latency_seconds_count{run=\"" + run + "\"} 5\n";
        HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/metrics", exchange -> {
            byte[] body = exposition.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        target.start();
        String gateway = "http://127.0.0.1:"
                + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class) + "/api/v1/write";
        try (PrometheusAgent agent =
                PrometheusAgent.start("127.0.0.1:" + target.getAddress().getPort(), gateway, TestKeys.ACME)) {
            // the agent scrapes every second: wait for every name, not for a count
            List<String> names = List.of(
                    "rw_requests_total",
                    "rw_temperature_celsius",
                    "rw_latency_seconds_bucket",
                    "rw_latency_seconds_sum",
                    "rw_latency_seconds_count");
            List<Received> got = MetricsRawRecords.awaitUntil(
                    bootstrap,
                    r -> MetricsRawRecords.hasLabel(r.sample(), "run", run)
                            && r.sample().getName().startsWith("rw_"),
                    found -> found.stream()
                            .map(r -> r.sample().getName())
                            .collect(Collectors.toSet())
                            .containsAll(names),
                    WAIT);
            assertThat(got).as("see " + agent.logFile()).hasSizeGreaterThanOrEqualTo(6);
            assertThat(got).allSatisfy(r -> {
                assertThat(r.batch().getTenant()).isEqualTo("acme");
                assertThat(r.batch().getSource()).isEqualTo("prometheus-remote-write");
                assertThat(r.sample().getLabelsList())
                        .extracting(dev.pulseboard.contract.wire.v1.Label::getName)
                        .contains("instance", "job");
            });
            Received requests = first(got, "rw_requests_total");
            assertThat(requests.sample().getValue()).isEqualTo(42);
            assertThat(requests.sample().getType()).isEqualTo(MetricType.COUNTER);
            assertThat(requests.sample().getTemporality()).isEqualTo(Temporality.CUMULATIVE);
            Received temperature = first(got, "rw_temperature_celsius");
            assertThat(temperature.sample().getValue()).isEqualTo(-3.25);
            assertThat(temperature.sample().getType()).isEqualTo(MetricType.GAUGE);
            assertThat(first(got, "rw_latency_seconds_bucket").sample().getTemporality())
                    .isEqualTo(Temporality.CUMULATIVE);
            assertThat(first(got, "rw_latency_seconds_sum").sample().getValue()).isEqualTo(1.5);
        } finally {
            target.stop(0);
        }
    }

    @Test
    void kafkaCompressesWithLz4sJniCodec() {
        // Quarkus' class loader is not the system one, so lz4-java hands Kafka its JNI codec only because the
        // producer factory loaded it (kafka.lz4-native); every record this class reads back went through it.
        assertThat(LZ4Factory.fastestInstance().toString()).contains("JNI");
    }

    @Test
    void staleMarkersAreCountedNotStoredAndTheRestIs204() throws Exception {
        double stale = PrometheusScrape.discarded("globex", "err-pb-stale-marker-not-stored");
        long now = System.currentTimeMillis();
        String run = UUID.randomUUID().toString();
        WriteRequest request = WriteRequest.newBuilder()
                .addTimeseries(series("rw_up", run)
                        .addSamples(sample(1, now))
                        .addSamples(sample(Double.longBitsToDouble(RemoteWriteConverter.STALE_NAN_BITS), now + 1)))
                .build();
        post(TestKeys.GLOBEX, Snappy.compress(request.toByteArray())).then().statusCode(204);
        assertThat(MetricsRawRecords.await(bootstrap, r -> MetricsRawRecords.hasLabel(r.sample(), "run", run), 1, WAIT))
                .singleElement()
                .satisfies(r -> assertThat(r.sample().getValue()).isEqualTo(1));
        assertThat(PrometheusScrape.discarded("globex", "err-pb-stale-marker-not-stored"))
                .isEqualTo(stale + 1);
    }

    @Test
    void metadataSentEarlierTypesLaterSamples() throws Exception {
        String run = UUID.randomUUID().toString();
        // "rw_odd" would be a gauge by its name; its family's metadata, sent alone as Prometheus does, says counter.
        WriteRequest metadata = WriteRequest.newBuilder()
                .addMetadata(MetricMetadata.newBuilder()
                        .setMetricFamilyName("rw_odd")
                        .setType(MetricMetadata.MetricType.COUNTER))
                .build();
        post(TestKeys.ACME, Snappy.compress(metadata.toByteArray())).then().statusCode(204);
        WriteRequest samples = WriteRequest.newBuilder()
                .addTimeseries(series("rw_odd", run).addSamples(sample(7, System.currentTimeMillis())))
                .build();
        post(TestKeys.ACME, Snappy.compress(samples.toByteArray())).then().statusCode(204);
        assertThat(MetricsRawRecords.await(bootstrap, r -> MetricsRawRecords.hasLabel(r.sample(), "run", run), 1, WAIT))
                .singleElement()
                .satisfies(r -> assertThat(r.sample().getTemporality()).isEqualTo(Temporality.CUMULATIVE));
    }

    @Test
    void badDataIs400WhichSendersDoNotRetryAndTheValidSamplesAreStored() throws Exception {
        post(TestKeys.ACME, "not snappy".getBytes(StandardCharsets.UTF_8))
                .then()
                .statusCode(400)
                .body("id", equalTo("err-pb-remote-write-malformed"));
        post(TestKeys.ACME, Snappy.compress(new byte[] {(byte) 0xff, 0x01, 0x02}))
                .then()
                .statusCode(400)
                .body("id", equalTo("err-pb-remote-write-malformed"));
        String run = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        WriteRequest mixed = WriteRequest.newBuilder()
                .addTimeseries(series("rw_good", run).addSamples(sample(5, now)))
                .addTimeseries(series("rw_native", run)
                        .addHistograms(Histogram.newBuilder().setTimestamp(now)))
                .addTimeseries(series("rw_future", run).addSamples(sample(1, now + 3_600_000)))
                .build();
        post(TestKeys.ACME, Snappy.compress(mixed.toByteArray()))
                .then()
                .statusCode(400)
                .body("id", equalTo("err-pb-samples-rejected"))
                .body("accepted", equalTo(1))
                .body(
                        "errors.id",
                        containsInAnyOrder("err-pb-native-histogram-unsupported", "err-pb-sample-too-far-in-future"));
        assertThat(MetricsRawRecords.await(bootstrap, r -> MetricsRawRecords.hasLabel(r.sample(), "run", run), 1, WAIT))
                .singleElement()
                .satisfies(r -> assertThat(r.sample().getName()).isEqualTo("rw_good"));
        post(null, Snappy.compress(mixed.toByteArray())).then().statusCode(401);
    }

    private static TimeSeries.Builder series(String name, String run) {
        return TimeSeries.newBuilder()
                .addLabels(label("__name__", name))
                .addLabels(label("job", "app"))
                .addLabels(label("run", run));
    }

    private static Label label(String name, String value) {
        return Label.newBuilder().setName(name).setValue(value).build();
    }

    private static Sample sample(double value, long timestampMs) {
        return Sample.newBuilder().setValue(value).setTimestamp(timestampMs).build();
    }

    private static Received first(List<Received> got, String name) {
        return got.stream()
                .filter(r -> r.sample().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + got));
    }

    private static Response post(String key, byte[] body) {
        RequestSpecification request = given().header("Content-Encoding", "snappy")
                .header("Content-Type", "application/x-protobuf")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .body(body);
        if (key != null) {
            request = request.auth().preemptive().basic("pulseboard", key);
        }
        return request.post("/api/v1/write");
    }
}
