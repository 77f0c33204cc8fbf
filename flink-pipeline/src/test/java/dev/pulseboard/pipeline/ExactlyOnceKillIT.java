package dev.pulseboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulseboard.contract.wire.RecordKeys;
import dev.pulseboard.contract.wire.Topics;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.pipeline.aggregation.Windows;
import dev.pulseboard.pipeline.testing.JobProcess;
import dev.pulseboard.testing.Repository;
import dev.pulseboard.testing.kafka.InProcessKafka;
import dev.pulseboard.testing.prometheus.PrometheusQueries;
import dev.pulseboard.testing.prometheus.PrometheusServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once across a crash (ADR 005): the job runs in its own JVM as the stack runs it, is killed with SIGKILL in
 * the middle of a stream, and restarts from its newest retained checkpoint while samples keep arriving. Afterwards
 * every counter's total, every histogram's count and every window written to the real Prometheus equals what was
 * sent: nothing lost, nothing counted twice (windows after the checkpoint are recomputed identically and the store
 * accepts them again unchanged).
 */
class ExactlyOnceKillIT {
    private static final long LAG = 400;
    private static final int COUNTERS = 50;
    private static final int GAUGES = 10;

    /** Per series: window start -> what the job must count in it (by the record's append time, as the job does). */
    private final Map<String, NavigableMap<Long, Double>> counterIncrements = new ConcurrentHashMap<>();

    private final Map<String, NavigableMap<Long, Double>> gaugeLast = new ConcurrentHashMap<>();
    private long observations;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void killMinus9AndRestartLeavesExactTotalsAndWindows(@TempDir Path checkpoints) throws Exception {
        Path log = Repository.logFile("kill-job");
        try (InProcessKafka kafka = InProcessKafka.startWithTopics(2);
                PrometheusServer prometheus = PrometheusServer.start();
                KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            String[] flags = {
                "--bootstrap", kafka.bootstrapServers(),
                "--remote-write", prometheus.remoteWriteUrl(),
                "--checkpoint-dir", checkpoints.toUri().toString(),
                "--checkpoint-interval-ms", "1000",
                "--max-watermark-lag-ms", Long.toString(LAG),
                "--parallelism", "2"
            };
            PrometheusQueries prom = new PrometheusQueries(prometheus.url());
            JobProcess first = JobProcess.start(log, flags);
            try {
                send(producer, 0);
                await("the job writes")
                        .atMost(Duration.ofMinutes(1))
                        .failFast("the job exited; see " + log, () -> !first.isAlive())
                        .conditionEvaluationListener(condition -> {
                            if (condition.getRemainingTimeInMS()
                                    <= condition.getPollInterval().toMillis()) {
                                System.err.println("stored so far: "
                                        + prom.query(
                                                "count by (__name__) ({__name__=~\".+\"})",
                                                System.currentTimeMillis()));
                            }
                        })
                        .until(() -> !prom.query("ko_requests_total{tenant=\"crash\"}", System.currentTimeMillis())
                                .isEmpty());
                int step = 1;
                for (long end = System.nanoTime() + Duration.ofSeconds(8).toNanos(); System.nanoTime() < end; ) {
                    send(producer, step++);
                }
                await("a completed checkpoint").atMost(Duration.ofMinutes(1)).until(() -> completed(checkpoints));
                first.killHard();
                for (long end = System.nanoTime() + Duration.ofSeconds(4).toNanos(); System.nanoTime() < end; ) {
                    send(producer, step++); // arriving while the job is down
                }
                try (JobProcess second = JobProcess.start(log, flags)) {
                    for (long end = System.nanoTime() + Duration.ofSeconds(8).toNanos(); System.nanoTime() < end; ) {
                        send(producer, step++);
                    }
                    producer.flush();
                    verify(prom);
                }
            } finally {
                first.close();
            }
        }
    }

    private void verify(PrometheusQueries prom) {
        long lastWindow = counterIncrements.values().stream()
                .mapToLong(NavigableMap::lastKey)
                .max()
                .orElseThrow();
        double expectedTotal = counterIncrements.get("0").values().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
        String firstCounter = "ko_requests_total{tenant=\"crash\",series=\"0\"}";
        await("the restarted job wrote the last window")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> !prom.rawSamples(firstCounter + "[1ms]", Windows.lastMs(lastWindow))
                        .isEmpty());
        assertThat(prom.single(firstCounter, Windows.lastMs(lastWindow)))
                .as("counter 0's total after the restart")
                .isEqualTo(expectedTotal);
        long at = Windows.lastMs(lastWindow);
        for (int i = 0; i < COUNTERS; i++) {
            int s = i;
            NavigableMap<Long, Double> increments = counterIncrements.get(Integer.toString(s));
            NavigableMap<Long, Double> stored =
                    series(prom, "ko_requests_total{tenant=\"crash\",series=\"" + s + "\"}", at);
            assertThat(stored)
                    .as("counter %d: a total for every second from its first window", s)
                    .containsKeys(
                            increments.keySet().stream().map(Windows::lastMs).toArray(Long[]::new));
            stored.forEach((ts, total) -> assertThat(total)
                    .as("counter %d at %d", s, ts)
                    .isEqualTo(increments.headMap(ts + 1).values().stream()
                            .mapToDouble(Double::doubleValue)
                            .sum()));
        }
        for (int g = 0; g < GAUGES; g++) {
            NavigableMap<Long, Double> expected = new TreeMap<>();
            gaugeLast.get(Integer.toString(g)).forEach((w, v) -> expected.put(Windows.lastMs(w), v));
            assertThat(series(prom, "ko_gauge{tenant=\"crash\",series=\"" + g + "\"}", at))
                    .as("gauge %d: every window, exactly once, exactly its value", g)
                    .isEqualTo(expected);
        }
        assertThat(prom.single("sum(ko_latency_seconds_count{tenant=\"crash\"})", at))
                .isEqualTo((double) observations);
    }

    private static NavigableMap<Long, Double> series(PrometheusQueries prom, String selector, long at) {
        List<PrometheusQueries.Series> rows = prom.rawSamples(selector + "[10m]", at);
        return rows.isEmpty() ? new TreeMap<>() : rows.get(0).samples();
    }

    /** One step (~100 ms of traffic): every counter +1, every gauge its step number, two histogram observations. */
    private void send(KafkaProducer<byte[], byte[]> producer, int step) throws Exception {
        long ts = System.currentTimeMillis();
        List<Sample> samples = new ArrayList<>();
        for (int s = 0; s < COUNTERS; s++) {
            samples.add(sample("ko_requests_total", MetricType.COUNTER, s, 1, ts));
        }
        for (int g = 0; g < GAUGES; g++) {
            samples.add(sample("ko_gauge", MetricType.GAUGE, g, step, ts));
        }
        samples.add(sample("ko_latency_seconds", MetricType.HISTOGRAM, 0, 0.1, ts));
        samples.add(sample("ko_latency_seconds", MetricType.HISTOGRAM, 1, 0.2, ts));
        observations += 2;
        long window = Windows.start(ts);
        for (RecordKeys.KeyedBatch kb : RecordKeys.batchByShard("crash", samples, "kill-it", ts)) {
            var unused = producer.send(
                    new ProducerRecord<>(Topics.METRICS_RAW, kb.key(), WireCodec.encode(kb.batch())),
                    (metadata, error) -> {
                        if (error != null) {
                            throw new IllegalStateException(error);
                        }
                        // the job's own rule: appended before the window's end plus the lag, or counted on arrival
                        long counted = metadata.timestamp() < window + Windows.SECOND_MS + LAG
                                ? window
                                : Windows.start(metadata.timestamp() - LAG);
                        for (Sample sample : kb.batch().getSamplesList()) {
                            String series = sample.getLabels(0).getValue();
                            if (sample.getType() == MetricType.COUNTER) {
                                counterIncrements
                                        .computeIfAbsent(series, k -> new TreeMap<>())
                                        .merge(counted, 1.0, Double::sum);
                            } else if (sample.getType() == MetricType.GAUGE) {
                                gaugeLast
                                        .computeIfAbsent(series, k -> new TreeMap<>())
                                        .merge(counted, sample.getValue(), Math::max);
                            }
                        }
                    });
        }
        producer.flush();
        await().pollDelay(Duration.ofMillis(100)).until(() -> true); // ~10 steps a second
    }

    private static Sample sample(String name, MetricType type, int series, double value, long ts) {
        return Sample.newBuilder()
                .setName(name)
                .setType(type)
                .addLabels(Label.newBuilder().setName("series").setValue(Integer.toString(series)))
                .setValue(value)
                .setTimestampMs(ts)
                .build();
    }

    private static boolean completed(Path checkpoints) throws Exception {
        try (Stream<Path> files =
                Files.find(checkpoints, 3, (p, a) -> p.getFileName().toString().equals("_metadata"))) {
            return files.findAny().isPresent();
        }
    }
}
