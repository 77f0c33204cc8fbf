package dev.pulseboard.gateway.ingest.textformat;

import static dev.pulseboard.gateway.testing.MetricsRawRecords.labels;
import static dev.pulseboard.gateway.testing.MetricsRawRecords.names;
import static dev.pulseboard.gateway.testing.MetricsRawRecords.one;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Temporality;
import dev.pulseboard.gateway.testing.KafkaTestCluster;
import dev.pulseboard.gateway.testing.MetricsRawRecords;
import dev.pulseboard.gateway.testing.MetricsRawRecords.Received;
import dev.pulseboard.testing.keys.TestKeys;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;
import io.prometheus.client.Summary;
import io.prometheus.client.exporter.BasicAuthHttpConnectionFactory;
import io.prometheus.client.exporter.PushGateway;
import io.prometheus.client.exporter.common.TextFormat;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus text formats pushed as to a Pushgateway, into metrics-raw: from client_java's own PushGateway client
 * (text 0.0.4, basic auth), from its OpenMetrics writer, and the refusals, each with its error id.
 */
@QuarkusTest
@WithTestResource(KafkaTestCluster.class)
class PushGatewayIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "pulseboard.gateway.kafka.bootstrap-servers")
    String bootstrap;

    @Test
    void whatClientJavasPushGatewayPushesArrivesTypedWithTheGroupingLabelsAndExactValues() throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        CollectorRegistry registry = new CollectorRegistry();
        Counter.build("pg_jobs_processed_total", "jobs")
                .labelNames("queue")
                .register(registry)
                .labels("q1")
                .inc(5);
        Gauge.build("pg_backlog", "backlog").register(registry).set(42.5);
        Histogram duration = Histogram.build("pg_duration_seconds", "duration")
                .buckets(0.1, 1)
                .register(registry);
        duration.observe(0.05);
        duration.observe(0.5);
        duration.observe(2);
        Summary size = Summary.build("pg_size_bytes", "size").register(registry);
        size.observe(10);
        size.observe(30);
        PushGateway pushGateway =
                new PushGateway(URI.create("http://127.0.0.1:" + port()).toURL());
        pushGateway.setConnectionFactory(new BasicAuthHttpConnectionFactory("pulseboard", TestKeys.ACME));
        pushGateway.push(registry, "batch-" + run, Map.of("instance", "i-" + run));

        List<Received> got = MetricsRawRecords.awaitUntil(
                bootstrap,
                r -> MetricsRawRecords.hasLabel(r.sample(), "instance", "i-" + run),
                names(
                                "pg_jobs_processed_total",
                                "pg_backlog",
                                "pg_duration_seconds_bucket",
                                "pg_duration_seconds_count",
                                "pg_duration_seconds_sum",
                                "pg_size_bytes_count",
                                "pg_size_bytes_sum")
                        .and(found -> MetricsRawRecords.distinctLe(found, "pg_duration_seconds_bucket") >= 3),
                WAIT);
        assertThat(got).allSatisfy(r -> {
            assertThat(r.batch().getTenant()).isEqualTo("acme");
            assertThat(r.batch().getSource()).isEqualTo("prometheus-text");
            assertThat(labels(r)).contains("job=batch-" + run);
        });
        Received jobs = one(got, "pg_jobs_processed_total", Optional.of("queue=q1"));
        assertThat(jobs.sample().getValue()).isEqualTo(5);
        assertThat(jobs.sample().getType()).isEqualTo(MetricType.COUNTER);
        assertThat(jobs.sample().getTemporality()).isEqualTo(Temporality.CUMULATIVE);
        Received backlog = one(got, "pg_backlog", Optional.empty());
        assertThat(backlog.sample().getValue()).isEqualTo(42.5);
        assertThat(backlog.sample().getType()).isEqualTo(MetricType.GAUGE);
        // client_java writes le="1.0"; stored as the pipeline spells bounds
        assertThat(value(got, "pg_duration_seconds_bucket", "le=0.1")).isEqualTo(1);
        assertThat(value(got, "pg_duration_seconds_bucket", "le=1")).isEqualTo(2);
        assertThat(value(got, "pg_duration_seconds_bucket", "le=+Inf")).isEqualTo(3);
        assertThat(one(got, "pg_duration_seconds_bucket", Optional.of("le=+Inf"))
                        .sample()
                        .getTemporality())
                .isEqualTo(Temporality.CUMULATIVE);
        assertThat(value(got, "pg_duration_seconds_count", null)).isEqualTo(3);
        assertThat(value(got, "pg_duration_seconds_sum", null)).isEqualTo(0.05 + 0.5 + 2.0);
        assertThat(value(got, "pg_size_bytes_count", null)).isEqualTo(2);
        assertThat(value(got, "pg_size_bytes_sum", null)).isEqualTo(40);
    }

    @Test
    void openMetricsTakesItsCreatedTimeAsTheCountersStartAndBase64GroupingValues() throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        CollectorRegistry registry = new CollectorRegistry();
        Counter.build("om_requests", "requests").register(registry).inc(3);
        StringWriter text = new StringWriter();
        TextFormat.writeOpenMetrics100(text, registry.metricFamilySamples());
        long before = System.currentTimeMillis();
        String job = Base64.getUrlEncoder().encodeToString("nightly/etl".getBytes(StandardCharsets.UTF_8));
        given().auth()
                .preemptive()
                .basic("pulseboard", TestKeys.ACME)
                .contentType(TextFormat.CONTENT_TYPE_OPENMETRICS_100)
                .body(text.toString().getBytes(StandardCharsets.UTF_8))
                .post("/metrics/job@base64/" + job + "/instance/o-" + run)
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1));

        List<Received> got = MetricsRawRecords.await(
                bootstrap, r -> MetricsRawRecords.hasLabel(r.sample(), "instance", "o-" + run), 1, WAIT);
        Received requests = one(got, "om_requests_total", Optional.of("job=nightly/etl"));
        assertThat(requests.sample().getValue()).isEqualTo(3);
        assertThat(requests.sample().getTemporality()).isEqualTo(Temporality.CUMULATIVE);
        assertThat(requests.sample().getStartTimestampMs()).isBetween(before - 60_000, before);
        assertThat(got).noneSatisfy(r -> assertThat(r.sample().getName()).endsWith("_created"));
    }

    @Test
    void aBadLineIsRefusedWithItsNumberWhileTheOtherLinesAreStored() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", "Bearer " + TestKeys.GLOBEX)
                .body("# TYPE ok_gauge gauge\nok_gauge{run=\"" + run + "\"} 7\nok_gauge{run=\"" + run + "\" 8\n")
                .put("/metrics/job/lines")
                .then()
                .statusCode(400)
                .body("id", equalTo("err-pb-samples-rejected"))
                .body("accepted", equalTo(1))
                .body("errors[0].id", equalTo("err-pb-text-malformed"))
                .body("errors[0].message", containsString("line 3: "));
        assertThat(MetricsRawRecords.await(bootstrap, r -> MetricsRawRecords.hasLabel(r.sample(), "run", run), 1, WAIT))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.sample().getValue()).isEqualTo(7);
                    assertThat(r.batch().getTenant()).isEqualTo("globex");
                });
    }

    @Test
    void wholeBodyAndPathRefusalsCarryTheirIds() {
        given().contentType(TextFormat.CONTENT_TYPE_OPENMETRICS_100)
                .header("Authorization", "Bearer " + TestKeys.ACME)
                .body("# TYPE t counter\nt_total 1\n".getBytes(StandardCharsets.UTF_8))
                .post("/metrics/job/truncated")
                .then()
                .statusCode(400)
                .body("id", equalTo("err-pb-text-malformed"))
                .body("detail", containsString("# EOF"));
        given().contentType("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily")
                .header("Authorization", "Bearer " + TestKeys.ACME)
                .body(new byte[] {1, 2, 3})
                .put("/metrics/job/proto")
                .then()
                .statusCode(415)
                .body("id", equalTo("err-pb-push-format-unsupported"));
        given().header("Authorization", "Bearer " + TestKeys.ACME)
                .body("x 1\n")
                .put("/metrics/instance/a")
                .then()
                .statusCode(400)
                .body("id", equalTo("err-pb-push-grouping-invalid"));
        given().header("Authorization", "Bearer " + TestKeys.ACME)
                .delete("/metrics/job/gone")
                .then()
                .statusCode(405)
                .body("id", equalTo("err-pb-push-delete-unsupported"));
        given().body("x 1\n").put("/metrics/job/anonymous").then().statusCode(401);
        given().header("Authorization", "Bearer " + TestKeys.ACME)
                .body(new byte[] {'x', ' ', (byte) 0xff, '\n'})
                .put("/metrics/job/binary")
                .then()
                .statusCode(400)
                .body("id", equalTo("err-pb-text-malformed"));
    }

    private static double value(List<Received> got, String name, String label) {
        return one(got, name, Optional.ofNullable(label)).sample().getValue();
    }

    private static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }
}
