package dev.pulseboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.pulseboard.contract.wire.RecordKeys;
import dev.pulseboard.contract.wire.SeriesKey;
import dev.pulseboard.contract.wire.TopicSpec;
import dev.pulseboard.contract.wire.Topics;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.Aggregate;
import dev.pulseboard.contract.wire.v1.AggregateBatch;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.contract.wire.v1.SampleBatch;
import dev.pulseboard.pipeline.kafka.KafkaConnectors;
import dev.pulseboard.testing.kafka.InProcessKafka;
import dev.pulseboard.testing.prometheus.PrometheusQueries;
import dev.pulseboard.testing.prometheus.PrometheusServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job against real things: in-process KRaft Kafka, Flink MiniCluster, the real Prometheus binary.
 * Two tenants write the same series in the same wall-clock second; tenant A also sends a sample a day in the future,
 * tenant B one 20 s old (late), and a garbage record precedes everything. Exact window stats must land in Prometheus (per tenant label) and in
 * metrics-agg; the future sample must not.
 */
class PulseboardJobIT {
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static InProcessKafka kafka;
    private static PrometheusServer prometheus;

    @BeforeAll
    static void startServers() throws Exception {
        kafka = InProcessKafka.start();
        kafka.createTopic(Topics.metricsRaw(2));
        kafka.createTopic(Topics.metricsAgg(1));
        prometheus = PrometheusServer.start();
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void twoTenantsSameSecondReachPrometheusAndMetricsAggExactly(@TempDir Path checkpoints) throws Exception {
        PipelineOptions options = PipelineOptions.parse(
                new String[] {
                    "--bootstrap",
                    kafka.bootstrapServers(),
                    "--remote-write",
                    prometheus.remoteWriteUrl(),
                    "--group",
                    "pipeline-it",
                    "--starting-offsets",
                    "earliest",
                    // generous: a slow CI box must not turn this test's samples late
                    "--max-watermark-lag-ms",
                    "3000",
                    "--idle-timeout-ms",
                    "1000",
                    "--checkpoint-interval-ms",
                    "500",
                    "--checkpoint-dir",
                    checkpoints.toUri().toString(),
                    "--remote-write-flush-ms",
                    "200",
                    "--parallelism",
                    "2"
                },
                Map.of());
        StreamExecutionEnvironment env = PulseboardJob.environment(options);
        PulseboardJob.build(
                env, options, KafkaConnectors.sampleSource(options.kafka()), PipelineSinks.production(options));
        JobClient job = env.executeAsync("pulseboard-pipeline-it");
        try {
            runScenario(job.getJobID());
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private void runScenario(JobID jobId) throws Exception {
        // 1. A garbage record first: once it is counted, the job is consuming, so the samples sent next are fresh.
        kafka.send(List.of(new ProducerRecord<>(
                Topics.METRICS_RAW,
                "x/0".getBytes(StandardCharsets.UTF_8),
                "not a pulseboard frame".getBytes(StandardCharsets.UTF_8))));
        awaitCounter(jobId, "err-pb-record-not-pulseboard.recordsUndecodable", 1, Duration.ofSeconds(60));

        // 2. Samples in the current wall-clock second (not at its very end, so every sample is already in the past).
        await().atMost(Duration.ofSeconds(2)).until(() -> System.currentTimeMillis() % 1000 < 600);
        long now = System.currentTimeMillis();
        long second = now - now % 1000;
        long future = now + Duration.ofDays(1).toMillis();
        List<Sample> a = List.of(
                gauge("cpu_usage_percent", 10, second + 10),
                gauge("cpu_usage_percent", 30, second + 30),
                gauge("cpu_usage_percent", 20, second + 20), // arrives after ts+30: not "last"
                gauge("cpu_usage_percent", 25, second + 30), // same ts as 30, arrives later: "last"
                counter("http_requests_total", 1, 0.5, second + 5), // sampled 1 in 2: counts 2
                counter("http_requests_total", 3, 0, second + 15),
                gauge("cpu_usage_percent", 999, future)); // refused: 1 day ahead
        long stale = now - 20_000;
        List<Sample> b = List.of(
                gauge("cpu_usage_percent", 50, second + 40),
                gauge("cpu_usage_percent", 70, second + 60),
                gauge("cpu_usage_percent", 500, stale)); // valid (within past grace) but late: 20 s old
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.addAll(records("tenant-a", a));
        records.addAll(records("tenant-b", b));
        kafka.send(records);

        // 3. Prometheus: exact stats per tenant, window start as timestamp.
        PrometheusQueries prom = new PrometheusQueries(prometheus.url());
        long at = second + 500;
        Map<String, Double> cpuA =
                awaitSeries(prom, "{__name__=~\"cpu_usage_percent:1s_.*\",tenant=\"tenant-a\"}", at, 5);
        assertThat(cpuA)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "cpu_usage_percent:1s_count",
                        4.0,
                        "cpu_usage_percent:1s_sum",
                        85.0,
                        "cpu_usage_percent:1s_min",
                        10.0,
                        "cpu_usage_percent:1s_max",
                        30.0,
                        "cpu_usage_percent:1s_last",
                        25.0));
        Map<String, Double> reqA =
                awaitSeries(prom, "{__name__=~\"http_requests_total:1s_.*\",tenant=\"tenant-a\"}", at, 5);
        assertThat(reqA)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "http_requests_total:1s_count",
                        2.0,
                        "http_requests_total:1s_sum",
                        5.0,
                        "http_requests_total:1s_min",
                        2.0,
                        "http_requests_total:1s_max",
                        3.0,
                        "http_requests_total:1s_last",
                        3.0));
        Map<String, Double> cpuB =
                awaitSeries(prom, "{__name__=~\"cpu_usage_percent:1s_.*\",tenant=\"tenant-b\"}", at, 5);
        assertThat(cpuB)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "cpu_usage_percent:1s_count",
                        2.0,
                        "cpu_usage_percent:1s_sum",
                        120.0,
                        "cpu_usage_percent:1s_min",
                        50.0,
                        "cpu_usage_percent:1s_max",
                        70.0,
                        "cpu_usage_percent:1s_last",
                        70.0));
        // labels: the client's plus tenant; the stored sample is at the window start
        assertThat(prom.query("cpu_usage_percent:1s_count{tenant=\"tenant-b\"}", at)
                        .get(0)
                        .labels())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("__name__", "cpu_usage_percent:1s_count", "host", "web-1", "tenant", "tenant-b"));
        assertThat(prom.query("timestamp(cpu_usage_percent:1s_count{tenant=\"tenant-a\"})", at)
                        .get(0)
                        .value())
                .isCloseTo(second / 1000.0, within(0.0005));

        // 4. The future sample never reached the store, and it was counted as refused.
        assertThat(prom.query("{tenant=\"tenant-a\"}", future + 500)).isEmpty();
        awaitCounter(
                jobId, "tenant-a.reason.err-pb-sample-too-far-in-future.samplesDiscarded", 1, Duration.ofSeconds(10));
        assertThat(counterSum(jobId, "recordsUndecodable")).isEqualTo(1);
        // the stale tenant-B sample was counted late, not stored
        awaitCounter(jobId, "tenant-b.reason.err-pb-sample-late.samplesLate", 1, Duration.ofSeconds(10));
        assertThat(prom.query("{tenant=\"tenant-b\"}", stale - stale % 1000 + 500))
                .isEmpty();

        // 5. metrics-agg: one record per series and window, keyed "<tenant>/<shard>", framed AggregateBatch.
        List<ConsumerRecord<byte[], byte[]>> agg =
                kafka.readUntil(Topics.METRICS_AGG, Duration.ofSeconds(30), rs -> rs.size() >= 3);
        assertThat(agg).hasSize(3);
        Map<String, ConsumerRecord<byte[], byte[]>> byTenantAndName = new java.util.HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : agg) {
            AggregateBatch batch =
                    WireCodec.decode(r.value(), AggregateBatch.parser()).message();
            byTenantAndName.put(batch.getTenant() + "/" + batch.getAggregates(0).getName(), r);
        }
        ConsumerRecord<byte[], byte[]> cpuBRecord = byTenantAndName.get("tenant-b/cpu_usage_percent");
        Aggregate cpuBAgg = WireCodec.decode(cpuBRecord.value(), AggregateBatch.parser())
                .message()
                .getAggregates(0);
        assertThat(cpuBAgg)
                .isEqualTo(Aggregate.newBuilder()
                        .setName("cpu_usage_percent")
                        .setType(MetricType.GAUGE)
                        .addLabels(host())
                        .setWindowStartMs(second)
                        .setWindowEndMs(second + 1000)
                        .setCount(2)
                        .setSum(120)
                        .setMin(50)
                        .setMax(70)
                        .setLast(70)
                        .build());
        assertThat(new String(cpuBRecord.key(), StandardCharsets.UTF_8))
                .isEqualTo("tenant-b/" + SeriesKey.shard("tenant-b", b.get(0)));
        assertThat(byTenantAndName)
                .containsOnlyKeys(
                        "tenant-a/cpu_usage_percent", "tenant-a/http_requests_total", "tenant-b/cpu_usage_percent");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void exactlyOnceDeliveryCommitsAggregatesToMetricsAgg(@TempDir Path checkpoints) throws Exception {
        kafka.createTopic(new TopicSpec("raw-eos", 1, Map.of()));
        kafka.createTopic(new TopicSpec("agg-eos", 1, Map.of()));
        PipelineOptions options = PipelineOptions.parse(
                new String[] {
                    "--bootstrap",
                    kafka.bootstrapServers(),
                    "--remote-write",
                    prometheus.remoteWriteUrl(),
                    "--raw-topic",
                    "raw-eos",
                    "--agg-topic",
                    "agg-eos",
                    "--group",
                    "pipeline-it-eos",
                    "--starting-offsets",
                    "earliest",
                    "--max-watermark-lag-ms",
                    "3000",
                    "--idle-timeout-ms",
                    "1000",
                    "--delivery-guarantee",
                    "exactly-once",
                    "--transactional-id-prefix",
                    "pipeline-it-eos",
                    "--checkpoint-interval-ms",
                    "500",
                    "--checkpoint-dir",
                    checkpoints.toUri().toString(),
                    "--parallelism",
                    "1"
                },
                Map.of());
        StreamExecutionEnvironment env = PulseboardJob.environment(options);
        PulseboardJob.build(
                env, options, KafkaConnectors.sampleSource(options.kafka()), PipelineSinks.production(options));
        JobClient job = env.executeAsync("pulseboard-pipeline-it-eos");
        try {
            kafka.send(List.of(new ProducerRecord<>("raw-eos", new byte[0], new byte[] {1})));
            awaitCounter(job.getJobID(), "err-pb-record-truncated.recordsUndecodable", 1, Duration.ofSeconds(60));
            long now = System.currentTimeMillis();
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> r :
                    records("tenant-c", List.of(gauge("mem", 1, now - 50), gauge("mem", 2, now)))) {
                records.add(new ProducerRecord<>("raw-eos", r.key(), r.value()));
            }
            kafka.send(records);
            // read_committed: visible only once the checkpoint after the window committed the transaction
            List<ConsumerRecord<byte[], byte[]>> agg = kafka.readUntil(
                    "agg-eos",
                    Duration.ofSeconds(60),
                    "read_committed",
                    rs -> rs.stream().mapToLong(r -> aggregate(r).getCount()).sum() >= 2);
            assertThat(agg)
                    .isNotEmpty()
                    .allSatisfy(r -> assertThat(aggregate(r).getName()).isEqualTo("mem"));
            assertThat(agg.stream().mapToLong(r -> aggregate(r).getCount()).sum())
                    .isEqualTo(2);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private static Aggregate aggregate(ConsumerRecord<byte[], byte[]> r) {
        return WireCodec.decode(r.value(), AggregateBatch.parser()).message().getAggregates(0);
    }

    private static Label host() {
        return Label.newBuilder().setName("host").setValue("web-1").build();
    }

    private static Sample gauge(String name, double value, long ts) {
        return Sample.newBuilder()
                .setName(name)
                .setType(MetricType.GAUGE)
                .addLabels(host())
                .setValue(value)
                .setTimestampMs(ts)
                .build();
    }

    private static Sample counter(String name, double value, double rate, long ts) {
        return Sample.newBuilder()
                .setName(name)
                .setType(MetricType.COUNTER)
                .addLabels(host())
                .setValue(value)
                .setSampleRate(rate)
                .setTimestampMs(ts)
                .build();
    }

    private static List<ProducerRecord<byte[], byte[]>> records(String tenant, List<Sample> samples) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (RecordKeys.KeyedBatch kb : RecordKeys.batchByShard(tenant, samples, "it", System.currentTimeMillis())) {
            SampleBatch batch = kb.batch();
            out.add(new ProducerRecord<>(Topics.METRICS_RAW, kb.key(), WireCodec.encode(batch)));
        }
        return out;
    }

    private static Map<String, Double> awaitSeries(PrometheusQueries prom, String selector, long atMs, int expected) {
        return await().atMost(Duration.ofSeconds(60))
                .until(() -> prom.valuesByName(selector, atMs), values -> values.size() >= expected);
    }

    private static void awaitCounter(JobID jobId, String identifierSuffix, long expected, Duration timeout) {
        await(identifierSuffix).atMost(timeout).until(() -> counterSum(jobId, identifierSuffix), n -> n >= expected);
        assertThat(counterSum(jobId, identifierSuffix)).as(identifierSuffix).isEqualTo(expected);
    }

    /**
     * Sum over subtasks of the job's counters whose metric identifier ends with {@code identifierSuffix}. Walks the
     * groups rather than {@code getMetricsByIdentifiers}, which fails on the duplicate identifiers Flink's source
     * operator registers (numBytesOut) when the source is chained.
     */
    private static long counterSum(JobID jobId, String identifierSuffix) {
        long sum = 0;
        for (var group : METRICS.getMetricsByGroup().entrySet()) {
            if (!jobId.toString().equals(group.getKey().getAllVariables().get("<job_id>"))) {
                continue;
            }
            for (var metric : group.getValue().entrySet()) {
                if (metric.getValue() instanceof Counter c
                        && group.getKey().getMetricIdentifier(metric.getKey()).endsWith(identifierSuffix)) {
                    sum += c.getCount();
                }
            }
        }
        return sum;
    }
}
