package dev.pulseboard.pipeline;

import static dev.pulseboard.pipeline.testing.Samples.counter;
import static dev.pulseboard.pipeline.testing.Samples.gauge;
import static dev.pulseboard.pipeline.testing.Samples.histogram;
import static dev.pulseboard.pipeline.testing.Samples.set;
import static dev.pulseboard.pipeline.testing.Samples.timerMs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.pulseboard.contract.progress.StoreProgressTable;
import dev.pulseboard.contract.wire.Topics;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.contract.wire.v1.SampleBatch;
import dev.pulseboard.pipeline.kafka.KafkaConnectors;
import dev.pulseboard.pipeline.limits.LimitsProvider;
import dev.pulseboard.pipeline.testing.SimulatedRaw;
import dev.pulseboard.testing.kafka.InProcessKafka;
import dev.pulseboard.testing.prometheus.PrometheusQueries;
import dev.pulseboard.testing.prometheus.PrometheusServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job against real things (in-process Kafka, Flink MiniCluster, the Prometheus binary) with six minutes of
 * two tenants' traffic on a simulated ingestion clock ({@link SimulatedRaw}): every type is stored as the documented
 * Prometheus-conventional series, and the reference design's ordinary PromQL returns the right number for each
 * tenant at once.
 */
class PulseboardJobIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final int SECONDS = 360;
    private static InProcessKafka kafka;
    private static PrometheusServer prometheus;

    @BeforeAll
    static void startServers() {
        kafka = InProcessKafka.startWithTopics(2);
        prometheus = PrometheusServer.start();
    }

    @AfterAll
    static void stopServers() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Per second: acme i-1 sends 10 x 200 and 1 x 500, i-2 20 x 200; globex i-1 36 x 200 and 4 x 500. */
    private static List<Sample> second(String tenant, long t) {
        boolean acme = tenant.equals("acme");
        List<Sample> s = new ArrayList<>();
        int ok1 = acme ? 10 : 36;
        int err1 = acme ? 1 : 4;
        int ok2 = acme ? 20 : 0;
        for (int i = 0; i < ok1; i++) {
            s.add(counter("http_requests_total", 1, t + i, "instance", "i-1", "status", "200"));
        }
        for (int i = 0; i < err1; i++) {
            s.add(counter("http_requests_total", 1, t + 100 + i, "instance", "i-1", "status", "500"));
        }
        for (int i = 0; i < ok2; i++) {
            s.add(counter("http_requests_total", 1, t + 200 + i, "instance", "i-2", "status", "200"));
        }
        int slow = acme ? 1 : 2;
        for (int i = 0; i < 10; i++) {
            double v = i < 10 - slow ? 0.07 : 2.0;
            s.add(histogram("http_request_duration_seconds", v, t + 300 + i, "instance", "i-1"));
        }
        s.add(gauge("cpu_usage_percent", acme ? 30 : 60, t + 400, "cpu", "0", "instance", "i-1"));
        s.add(gauge("cpu_usage_percent", acme ? 50 : 80, t + 400, "cpu", "1", "instance", "i-1"));
        s.add(gauge("cpu_usage_percent", 10, t + 100, "cpu", "0", "instance", "i-2"));
        s.add(gauge("cpu_usage_percent", 12, t + 300, "cpu", "0", "instance", "i-2"));
        s.add(gauge("cpu_usage_percent", 11, t + 200, "cpu", "0", "instance", "i-2"));
        for (String member : List.of("u1", "u2", "u3", "u1", "u4", "u5", "u2", "u1")) {
            s.add(set("active_users", member, t + 500));
        }
        s.add(timerMs("api_latency", 250, t + 600));
        return s;
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everyTypeIsStoredPrometheusStyleAndTheReferenceQueriesAreRightForTwoTenants(@TempDir Path checkpoints)
            throws Exception {
        long now = System.currentTimeMillis();
        long t0 = (now - Duration.ofMinutes(10).toMillis()) / 300_000 * 300_000; // rollup periods align with it
        Map<String, Long> sent = new HashMap<>();
        try (SimulatedRaw raw = new SimulatedRaw(kafka, "raw-sim", 2)) {
            for (int sec = 0; sec < SECONDS; sec++) {
                long t = t0 + sec * 1000L;
                for (String tenant : List.of("acme", "globex")) {
                    List<Sample> samples = second(tenant, t);
                    raw.append(tenant, t + 600, samples); // appended 600 ms into the window: on time
                    sent.merge(tenant, (long) samples.size(), Long::sum);
                }
                if (sec == 100) {
                    // 2.1 s after its window: late, within the allowed lateness, counted in its arrival window
                    raw.append("acme", t + 600, List.of(counter("late_counter", 1, t - 1_500)));
                }
                if (sec == 150) {
                    // 140 s after its window: past the allowed lateness, to metrics-late
                    raw.append("acme", t + 600, List.of(gauge("very_late", 1, t0 + 10_200)));
                    // refused: the tenant label is the pipeline's own
                    raw.append("acme", t + 600, List.of(gauge("spoof", 1, t, "tenant", "globex")));
                }
                raw.tick(t + 650);
            }
            for (int i = 0; i < 3; i++) {
                raw.tick(t0 + SECONDS * 1000L + 700 + i * 1000L);
            }
        }

        PipelineOptions options = PipelineOptions.parse(
                new String[] {
                    "--bootstrap", kafka.bootstrapServers(),
                    "--raw-topic", "raw-sim",
                    "--remote-write", prometheus.remoteWriteUrl(),
                    "--group", "pipeline-it",
                    "--starting-offsets", "earliest",
                    "--tick-interval-ms", "0",
                    "--checkpoint-interval-ms", "1000",
                    "--checkpoint-dir", checkpoints.toUri().toString(),
                    "--restore", "none",
                    "--parallelism", "2"
                },
                Map.of());
        StreamExecutionEnvironment env = PulseboardJob.environment(options);
        PulseboardJob.build(
                env,
                options,
                new PipelineSources(
                        KafkaConnectors.rawSource(options.kafka()),
                        2,
                        LimitsProvider.topic(kafka.bootstrapServers(), Topics.TENANT_LIMITS)),
                PipelineSinks.production(options));
        JobClient job = env.executeAsync("pulseboard-pipeline-it");
        try {
            assertStored(t0, sent);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private void assertStored(long t0, Map<String, Long> sent) throws Exception {
        PrometheusQueries prom = new PrometheusQueries(prometheus.url());
        long end = t0 + SECONDS * 1000L - 1; // the last window's stamp
        String acmeAggregated = "pulseboard_samples_total{tenant=\"acme\",outcome=\"aggregated\"}";
        // both store writers' subtasks report on store-progress; once together they say they have written the last
        // window, it is in the store: no waiting from here on for what they cover
        assertThat(writtenThrough(
                        kafka.readUntil(Topics.STORE_PROGRESS, Duration.ofMinutes(3), rs -> writtenThrough(rs) >= end)))
                .as("the store written through the last window")
                .isGreaterThanOrEqualTo(end);
        assertThat(prom.single(acmeAggregated, end)).isEqualTo(sent.get("acme") + 1.0);
        assertStoredSeries(prom, t0, end, sent);
        await("every window written")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> prom.single(acmeAggregated, end), v -> v == sent.get("acme") + 1.0);
        // the accounting has its own store writer: the series' writers may still be catching up with a burst
        await("every series written")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertStoredSeries(prom, t0, end, sent));
        List<ConsumerRecord<byte[], byte[]>> late =
                kafka.readUntil(Topics.METRICS_LATE, Duration.ofSeconds(30), rs -> !rs.isEmpty());
        SampleBatch lateBatch =
                WireCodec.decode(late.get(0).value(), SampleBatch.parser()).message();
        assertThat(lateBatch.getTenant()).isEqualTo("acme");
        assertThat(lateBatch.getSamples(0).getName()).isEqualTo("very_late");
        assertThat(kafka.readUntil(Topics.METRICS_AGG, Duration.ofSeconds(30), rs -> rs.size() > 100))
                .hasSizeGreaterThan(100);
    }

    /** What the store-progress records say every store writer has written through; MIN_VALUE until all reported. */
    private static long writtenThrough(List<ConsumerRecord<byte[], byte[]>> records) {
        StoreProgressTable table = new StoreProgressTable();
        records.forEach(r -> table.apply(r.key(), r.value()));
        return table.writtenThrough().orElse(Long.MIN_VALUE);
    }

    private static void assertStoredSeries(PrometheusQueries prom, long t0, long end, Map<String, Long> sent) {
        // the reference design's queries, per tenant (the query API injects the tenant matcher the same way)
        assertThat(byInstance(prom, "sum(rate(http_requests_total{tenant=\"acme\"}[1m])) by (instance)", end))
                .hasSize(2)
                .hasEntrySatisfying("i-1", v -> assertThat(v).isCloseTo(11, within(1e-9)))
                .hasEntrySatisfying("i-2", v -> assertThat(v).isCloseTo(20, within(1e-9)));
        assertThat(byInstance(prom, "sum(rate(http_requests_total{tenant=\"globex\"}[1m])) by (instance)", end))
                .hasSize(1)
                .hasEntrySatisfying("i-1", v -> assertThat(v).isCloseTo(40, within(1e-9)));
        String p99 = "histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{tenant=\"%s\"}[5m]))"
                + " by (le, instance))";
        assertThat(prom.single(p99.formatted("acme"), end)).isCloseTo(2.35, within(1e-9));
        assertThat(prom.single(p99.formatted("globex"), end)).isCloseTo(2.425, within(1e-9));
        assertThat(byInstance(prom, "avg(cpu_usage_percent{tenant=\"acme\"}) by (instance)", end))
                .containsEntry("i-1", 40.0)
                .containsEntry("i-2", 12.0);
        assertThat(byInstance(prom, "avg(cpu_usage_percent{tenant=\"globex\"}) by (instance)", end))
                .containsEntry("i-1", 70.0);
        String ratio = "sum(rate(http_requests_total{tenant=\"%1$s\",status=~\"5..\"}[5m]))"
                + " / sum(rate(http_requests_total{tenant=\"%1$s\"}[5m])) > 0.05";
        assertThat(prom.query(ratio.formatted("acme"), end))
                .as("1 of 31 is not above 5 %")
                .isEmpty();
        assertThat(prom.single(ratio.formatted("globex"), end)).isCloseTo(0.1, within(1e-9));

        // the stored series of every type, exactly
        long w5 = t0 + 5_999;
        assertThat(prom.single("http_requests_total{tenant=\"acme\",instance=\"i-1\",status=\"500\"}", w5))
                .isEqualTo(6);
        assertThat(prom.valuesByName("{__name__=~\"cpu_usage_percent.*\",tenant=\"acme\",instance=\"i-2\"}", w5))
                .containsOnly(
                        Map.entry("cpu_usage_percent", 12.0),
                        Map.entry("cpu_usage_percent:1s_min", 10.0),
                        Map.entry("cpu_usage_percent:1s_max", 12.0));
        long w0 = t0 + 999;
        Map<String, Double> buckets = new HashMap<>();
        prom.query("http_request_duration_seconds_bucket{tenant=\"acme\"}", w0)
                .forEach(r -> buckets.put(r.labels().get("le"), r.value()));
        assertThat(buckets)
                .containsEntry("0.05", 0.0)
                .containsEntry("0.1", 9.0)
                .containsEntry("1", 9.0)
                .containsEntry("2.5", 10.0)
                .containsEntry("+Inf", 10.0)
                .hasSize(12);
        assertThat(prom.single("http_request_duration_seconds_count{tenant=\"acme\"}", w0))
                .isEqualTo(10);
        assertThat(prom.single("http_request_duration_seconds_sum{tenant=\"acme\"}", w0))
                .isCloseTo(9 * 0.07 + 2, within(1e-9));
        assertThat(prom.single("http_request_duration_seconds:1s_quantile{tenant=\"acme\",quantile=\"0.5\"}", w0))
                .isCloseTo(0.07, within(0.0007));
        assertThat(prom.single("active_users{tenant=\"acme\"}", w0)).isEqualTo(5);
        assertThat(prom.single("api_latency_bucket{tenant=\"acme\",le=\"0.25\"}", w5))
                .isEqualTo(6);
        assertThat(prom.single("api_latency_sum{tenant=\"acme\"}", w5)).isCloseTo(1.5, within(1e-9));

        // rollups at their period ends
        assertThat(prom.single("http_requests_total:1m{tenant=\"acme\",instance=\"i-1\",status=\"200\"}", t0 + 59_999))
                .isEqualTo(600);
        assertThat(prom.single("http_requests_total:5m{tenant=\"acme\",instance=\"i-1\",status=\"200\"}", t0 + 299_999))
                .isEqualTo(3000);
        assertThat(prom.single("cpu_usage_percent:1m_avg{tenant=\"acme\",instance=\"i-2\"}", t0 + 59_999))
                .isEqualTo(11);
        assertThat(prom.single("active_users:1m{tenant=\"acme\"}", t0 + 59_999)).isEqualTo(5);

        // late, retimed, refused: each counted for the tenant, in the tenant's own series
        long retimedWindow = t0 + 100_999;
        assertThat(prom.single("late_counter{tenant=\"acme\"}", retimedWindow)).isEqualTo(1);
        assertThat(prom.query("late_counter{tenant=\"acme\"}", t0 + 98_999)).isEmpty();
        assertThat(prom.single("pulseboard_samples_retimed_total{tenant=\"acme\"}", end))
                .isEqualTo(1);
        assertThat(prom.single("pulseboard_samples_total{tenant=\"acme\",outcome=\"late\"}", end))
                .isEqualTo(1);
        assertThat(prom.single(
                        "pulseboard_samples_total{tenant=\"acme\",outcome=\"refused\",reason=\"err-pb-reserved-label-name\"}",
                        end))
                .isEqualTo(1);
        assertThat(prom.single("pulseboard_samples_total{tenant=\"globex\",outcome=\"aggregated\"}", end))
                .isEqualTo((double) sent.get("globex"));
    }

    private static Map<String, Double> byInstance(PrometheusQueries prom, String promql, long atMs) {
        Map<String, Double> out = new HashMap<>();
        prom.query(promql, atMs).forEach(r -> out.put(r.labels().get("instance"), r.value()));
        return out;
    }
}
