package dev.pulseboard.gateway.ingest.otlp;

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
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.DefaultAggregationSelector;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** OTLP/HTTP metrics into metrics-raw: from the real OpenTelemetry Java SDK exporter, and OTLP/JSON by hand. */
@QuarkusTest
@WithTestResource(KafkaTestCluster.class)
class OtlpIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "pulseboard.gateway.kafka.bootstrap-servers")
    String bootstrap;

    @Test
    void theOpenTelemetrySdkExporterShipsEveryInstrumentKindWithExactValues() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Attributes resource = Attributes.of(
                AttributeKey.stringKey("service.name"), "checkout",
                AttributeKey.stringKey("service.instance.id"), "i-" + run,
                AttributeKey.stringKey("deployment.environment"), "prod");
        try (SdkMeterProvider provider = provider(resource, false)) {
            Meter meter = provider.get("otlp-it");
            Attributes route = Attributes.of(AttributeKey.stringKey("http.route"), "/a");
            meter.counterBuilder("otlp.requests").setUnit("{request}").build().add(5, route);
            meter.gaugeBuilder("otlp.temperature").setUnit("Cel").build().set(-3.25);
            var latency = meter.histogramBuilder("otlp.latency").setUnit("s").build();
            latency.record(0.5, route);
            latency.record(7, route);
            var queue = meter.upDownCounterBuilder("otlp.queue").build();
            queue.add(3);
            queue.add(-1);
            assertExported(provider.forceFlush());
        }
        // closing the provider exports once more: wait for every name, not for a count
        List<Received> got = MetricsRawRecords.awaitUntil(
                bootstrap,
                r -> MetricsRawRecords.hasLabel(r.sample(), "instance", "i-" + run),
                names(
                                "otlp_requests_total",
                                "otlp_temperature_celsius",
                                "otlp_queue",
                                "otlp_latency_seconds_bucket",
                                "otlp_latency_seconds_count",
                                "otlp_latency_seconds_sum",
                                "target_info")
                        .and(found -> MetricsRawRecords.distinctLe(found, "otlp_latency_seconds_bucket") >= 16),
                WAIT);
        assertThat(got).allSatisfy(r -> {
            assertThat(r.batch().getTenant()).isEqualTo("acme");
            assertThat(r.batch().getSource()).isEqualTo("otlp-http");
        });
        Received requests = one(got, "otlp_requests_total", Optional.empty());
        assertThat(requests.sample().getValue()).isEqualTo(5);
        assertThat(requests.sample().getType()).isEqualTo(MetricType.COUNTER);
        assertThat(requests.sample().getTemporality()).isEqualTo(Temporality.CUMULATIVE);
        assertThat(requests.sample().getStartTimestampMs()).isPositive();
        assertThat(labels(requests))
                .contains("job=checkout", "http_route=/a")
                .doesNotContain("deployment_environment=prod");
        Received temperature = one(got, "otlp_temperature_celsius", Optional.empty());
        assertThat(temperature.sample().getValue()).isEqualTo(-3.25);
        assertThat(temperature.sample().getType()).isEqualTo(MetricType.GAUGE);
        assertThat(one(got, "otlp_queue", Optional.empty()).sample().getValue()).isEqualTo(2);
        assertThat(one(got, "otlp_latency_seconds_bucket", Optional.of("le=5"))
                        .sample()
                        .getValue())
                .isEqualTo(1);
        assertThat(one(got, "otlp_latency_seconds_bucket", Optional.of("le=+Inf"))
                        .sample()
                        .getValue())
                .isEqualTo(2);
        assertThat(one(got, "otlp_latency_seconds_count", Optional.empty())
                        .sample()
                        .getValue())
                .isEqualTo(2);
        assertThat(one(got, "otlp_latency_seconds_sum", Optional.empty())
                        .sample()
                        .getValue())
                .isEqualTo(7.5);
        Received info = one(got, "target_info", Optional.empty());
        assertThat(labels(info)).contains("deployment_environment=prod", "job=checkout", "instance=i-" + run);
    }

    @Test
    void exponentialHistogramsAreFoldedIntoTheTenantsBuckets() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (SdkMeterProvider provider =
                provider(Attributes.of(AttributeKey.stringKey("service.instance.id"), "e-" + run), true)) {
            var latency = provider.get("otlp-it")
                    .histogramBuilder("otlp.exp")
                    .setUnit("s")
                    .build();
            latency.record(0.2);
            latency.record(0.3);
            latency.record(3);
            assertExported(provider.forceFlush());
        }
        List<Received> got = MetricsRawRecords.awaitUntil(
                bootstrap,
                r -> MetricsRawRecords.hasLabel(r.sample(), "instance", "e-" + run),
                names("otlp_exp_seconds_count")
                        .and(found -> MetricsRawRecords.distinctLe(found, "otlp_exp_seconds_bucket") >= 12),
                WAIT);
        // Default buckets 0.005 ... 0.25, 0.5, 1, 2.5, 5, 10: 0.2 -> le 0.25, 0.3 -> le 0.5, 3 -> le 5.
        assertThat(one(got, "otlp_exp_seconds_bucket", Optional.of("le=0.1"))
                        .sample()
                        .getValue())
                .isZero();
        assertThat(one(got, "otlp_exp_seconds_bucket", Optional.of("le=0.25"))
                        .sample()
                        .getValue())
                .isEqualTo(1);
        assertThat(one(got, "otlp_exp_seconds_bucket", Optional.of("le=0.5"))
                        .sample()
                        .getValue())
                .isEqualTo(2);
        assertThat(one(got, "otlp_exp_seconds_bucket", Optional.of("le=2.5"))
                        .sample()
                        .getValue())
                .isEqualTo(2);
        assertThat(one(got, "otlp_exp_seconds_bucket", Optional.of("le=5"))
                        .sample()
                        .getValue())
                .isEqualTo(3);
        assertThat(one(got, "otlp_exp_seconds_count", Optional.empty()).sample().getValue())
                .isEqualTo(3);
    }

    @Test
    void otlpJsonIsAcceptedAndABadPointIsAPartialSuccessNotAnError() {
        String run = UUID.randomUUID().toString();
        long nanos = System.currentTimeMillis() * 1_000_000L;
        String body = """
                {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"j"}}]},
                 "scopeMetrics":[{"metrics":[
                  {"name":"otlp.json.gauge","gauge":{"dataPoints":[
                    {"asDouble":1.5,"timeUnixNano":"%d","attributes":[{"key":"run","value":{"stringValue":"%s"}}]},
                    {"asDouble":2,"timeUnixNano":"%d","attributes":[{"key":"tenant","value":{"stringValue":"x"}}]}]}},
                  {"name":"otlp.json.updown","sum":{"aggregationTemporality":1,"isMonotonic":false,"dataPoints":[
                    {"asInt":"4","timeUnixNano":"%d"}]}}]}]}]}
                """.formatted(nanos, run, nanos, nanos);
        given().header("Authorization", "Bearer " + TestKeys.GLOBEX)
                .contentType("application/json")
                .body(body)
                .post("/v1/metrics")
                .then()
                .statusCode(200)
                .contentType(containsString("application/json"))
                .body("partialSuccess.rejectedDataPoints", equalTo("2"))
                .body("partialSuccess.errorMessage", containsString("err-pb-"));
        assertThat(MetricsRawRecords.await(bootstrap, r -> MetricsRawRecords.hasLabel(r.sample(), "run", run), 1, WAIT))
                .singleElement()
                .satisfies(r -> assertThat(r.sample().getValue()).isEqualTo(1.5));
        given().header("Authorization", "Bearer " + TestKeys.GLOBEX)
                .contentType("application/x-protobuf")
                .body(new byte[] {(byte) 0xff, 0x00, 0x13})
                .post("/v1/metrics")
                .then()
                .statusCode(400)
                .body("id", equalTo("err-pb-otlp-malformed"));
    }

    private static SdkMeterProvider provider(Attributes resource, boolean exponential) {
        String endpoint = "http://127.0.0.1:"
                + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class) + "/v1/metrics";
        var exporter = OtlpHttpMetricExporter.builder()
                .setEndpoint(endpoint)
                .addHeader("Authorization", "Bearer " + TestKeys.ACME);
        if (exponential) {
            exporter.setDefaultAggregationSelector(DefaultAggregationSelector.getDefault()
                    .with(InstrumentType.HISTOGRAM, Aggregation.base2ExponentialBucketHistogram()));
        }
        return SdkMeterProvider.builder()
                .setResource(Resource.create(resource))
                .registerMetricReader(PeriodicMetricReader.builder(exporter.build())
                        .setInterval(Duration.ofHours(1))
                        .build())
                .build();
    }

    private static void assertExported(CompletableResultCode flush) {
        assertThat(flush.join(20, TimeUnit.SECONDS).isSuccess())
                .as("the exporter got a success answer")
                .isTrue();
    }
}
