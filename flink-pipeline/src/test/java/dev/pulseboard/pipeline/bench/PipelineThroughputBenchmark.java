package dev.pulseboard.pipeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulseboard.contract.fold.WindowFold;
import dev.pulseboard.contract.limits.HistogramBuckets;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.contract.wire.v1.SeriesWindow;
import dev.pulseboard.pipeline.PipelineOptions;
import dev.pulseboard.pipeline.PipelineSinks;
import dev.pulseboard.pipeline.PipelineSources;
import dev.pulseboard.pipeline.PulseboardJob;
import dev.pulseboard.pipeline.aggregation.TenantAggregate;
import dev.pulseboard.pipeline.kafka.KafkaConnectors;
import dev.pulseboard.pipeline.late.LateSample;
import dev.pulseboard.pipeline.limits.LimitsProvider;
import dev.pulseboard.pipeline.store.remotewrite.PrometheusRemoteWriteSink;
import dev.pulseboard.pipeline.testing.JobCounters;
import dev.pulseboard.pipeline.testing.SimulatedRaw;
import dev.pulseboard.testing.FreePorts;
import dev.pulseboard.testing.kafka.InProcessKafka;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.awaitility.Awaitility;

/**
 * The pipeline alone (docs/benchmarks.md): metrics-raw pre-filled with {@code --seconds} of traffic at
 * {@code --rate} samples a second (a realistic mix of types over {@code --series} active series of
 * {@code --tenants} tenants, on a simulated ingestion clock), then consumed by the job on an embedded MiniCluster as fast
 * as it can. Reports samples/s, CPU-seconds per million samples and the checkpoints' duration and size; stops by
 * itself. Kafka runs in this JVM unless {@code --bootstrap} names a broker (then its CPU is not counted here).
 *
 * <pre>java -cp ... dev.pulseboard.pipeline.bench.PipelineThroughputBenchmark --rate 1000000 --seconds 30</pre>
 */
public final class PipelineThroughputBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PipelineThroughputBenchmark() {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = args(argv);
        int rate = Integer.parseInt(a.getOrDefault("rate", "1000000"));
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "30"));
        int seriesTotal = Integer.parseInt(a.getOrDefault("series", "100000"));
        int tenants = Integer.parseInt(a.getOrDefault("tenants", "10"));
        int partitions = Integer.parseInt(a.getOrDefault("partitions", "2"));
        int parallelism = Integer.parseInt(a.getOrDefault("parallelism", "2"));
        String store = a.getOrDefault("store", "none");
        String checkpointMs = a.getOrDefault("checkpoint-interval-ms", "10000");
        boolean edge = Boolean.parseBoolean(a.getOrDefault("edge-windows", "false"));
        InProcessKafka inProcess = a.containsKey("bootstrap") ? null : InProcessKafka.startWithTopics(partitions);
        String bootstrap = inProcess == null ? a.get("bootstrap") : inProcess.bootstrapServers();
        String topic = "bench-raw-" + System.currentTimeMillis();
        long total = generate(inProcess, bootstrap, topic, partitions, rate, seconds, seriesTotal, tenants, edge);

        Path checkpoints = Files.createTempDirectory("pb-bench-checkpoints");
        int restPort = FreePorts.find();
        PipelineOptions options = PipelineOptions.parse(
                new String[] {
                    "--bootstrap",
                    bootstrap,
                    "--raw-topic",
                    topic,
                    "--group",
                    topic,
                    "--starting-offsets",
                    "earliest",
                    "--tick-interval-ms",
                    "0",
                    "--checkpoint-interval-ms",
                    checkpointMs,
                    "--checkpoint-dir",
                    checkpoints.toUri().toString(),
                    "--restore",
                    "none",
                    "--parallelism",
                    Integer.toString(parallelism),
                    "--rest-port",
                    Integer.toString(restPort),
                    "--remote-write",
                    store.equals("none") ? "http://127.0.0.1:1/api/v1/write" : store
                },
                Map.of());
        InMemoryReporter metrics = InMemoryReporter.createWithRetainedMetrics();
        StreamExecutionEnvironment env = PulseboardJob.environment(options);
        Configuration reporter = metrics.addToConfiguration(new Configuration());
        env.configure(reporter);
        IntFunction<Sink<TenantAggregate>> storeSink = stream ->
                store.equals("none") ? new DiscardingSink<>() : new PrometheusRemoteWriteSink(options.remoteWrite());
        PulseboardJob.build(
                env,
                options,
                new PipelineSources(
                        KafkaConnectors.rawSource(options.kafka()),
                        Math.min(partitions, parallelism),
                        LimitsProvider.defaults()),
                new PipelineSinks(
                        KafkaConnectors.aggregateSink(options.kafka()),
                        storeSink,
                        new DiscardingSink<LateSample>(),
                        null));
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        JobClient job = env.executeAsync("pipeline-throughput-benchmark");
        long[] firstMs = {-1};
        // the steady state: from the moment half the samples are in (the JIT has compiled the hot paths by then)
        long[] half = {-1, -1, -1, -1, -1}; // ms since t0, process CPU ns, samples in, GC ms, JIT ms
        Map<Long, Long> threadsAtHalf = new HashMap<>();
        Awaitility.await("all samples processed")
                .atMost(Duration.ofMinutes(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    long done = JobCounters.sum(metrics, job, "samplesIn");
                    if (firstMs[0] < 0 && done > 0) {
                        firstMs[0] = (System.nanoTime() - t0) / 1_000_000;
                    }
                    if (half[0] < 0 && done >= total / 2) {
                        half[0] = (System.nanoTime() - t0) / 1_000_000;
                        half[1] = processCpuNanos();
                        half[2] = done;
                        half[3] = gcMillis();
                        half[4] = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
                        threadsAtHalf.putAll(threadCpuNanos());
                    }
                    return done >= total;
                });
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        long cpuEnd = processCpuNanos();
        long cpuMs = (cpuEnd - cpu0) / 1_000_000;
        double steadyS = (elapsedMs - half[0]) / 1000.0;
        double steadyCpuS = (cpuEnd - half[1]) / 1e9;
        long steadySamples = total - half[2];
        printCpuByThread(threadsAtHalf, threadCpuNanos(), steadyCpuS);
        System.out.printf(
                Locale.ROOT,
                "  of which garbage collection pauses %.1f s (wall), JIT compilation %.1f s (compiler threads)%n",
                (gcMillis() - half[3]) / 1000.0,
                (ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - half[4]) / 1000.0);
        JsonNode checkpointsStats = checkpointStats(restPort, job);
        job.cancel().get();
        double busyS = (elapsedMs - firstMs[0]) / 1000.0;
        System.out.printf(
                Locale.ROOT,
                "RESULT samples=%d edge_windows=%s simulated_rate=%d series=%d tenants=%d store=%s processed_in_s=%.1f"
                        + " samples_per_s=%.0f cpu_s=%.1f cpu_s_per_million=%.2f steady_samples_per_s=%.0f"
                        + " steady_cpu_s_per_million=%.2f %s%n",
                total,
                edge,
                rate,
                seriesTotal,
                tenants,
                store,
                busyS,
                total / busyS,
                cpuMs / 1000.0,
                cpuMs / 1000.0 / (total / 1e6),
                steadySamples / steadyS,
                steadyCpuS / (steadySamples / 1e6),
                checkpointsStats);
        if (inProcess != null) {
            inProcess.close();
        }
        System.exit(0);
    }

    private static long generate(
            InProcessKafka kafka,
            String bootstrap,
            String topic,
            int partitions,
            int rate,
            int seconds,
            int seriesTotal,
            int tenants,
            boolean edge)
            throws Exception {
        InProcessKafka k = kafka != null ? kafka : InProcessKafka.connect(bootstrap);
        List<List<BenchmarkData.Series>> perTenant = new ArrayList<>();
        for (int t = 0; t < tenants; t++) {
            perTenant.add(BenchmarkData.seriesOfTenant(seriesTotal / tenants));
        }
        int perSeriesPerSecond = Math.max(1, rate / seriesTotal);
        long t0 = System.currentTimeMillis() - seconds * 1000L - 60_000;
        long total = 0;
        Random random = new Random(42);
        long g0 = System.nanoTime();
        try (SimulatedRaw raw = new SimulatedRaw(k, topic, partitions)) {
            for (int sec = 0; sec < seconds; sec++) {
                long t = t0 + sec * 1000L;
                for (int tenant = 0; tenant < tenants; tenant++) {
                    List<Sample> samples = new ArrayList<>();
                    List<SeriesWindow> windows = new ArrayList<>();
                    for (BenchmarkData.Series s : perTenant.get(tenant)) {
                        List<Sample> ofSeries = new ArrayList<>(perSeriesPerSecond);
                        for (int i = 0; i < perSeriesPerSecond; i++) {
                            ofSeries.add(BenchmarkData.sample(s, t + (long) i * (1000 / perSeriesPerSecond), random));
                        }
                        total += ofSeries.size();
                        if (edge) {
                            windows.add(WindowFold.fold(t, ofSeries, HistogramBuckets.PROMETHEUS_DEFAULT));
                        } else {
                            samples.addAll(ofSeries);
                        }
                        if (samples.size() >= 20_000) {
                            raw.append("tenant-" + tenant, t + 500, samples);
                            samples = new ArrayList<>();
                        }
                        if (windows.size() >= 2_000) {
                            raw.appendWindows("tenant-" + tenant, t + 500, windows);
                            windows = new ArrayList<>();
                        }
                    }
                    raw.append("tenant-" + tenant, t + 500, samples);
                    raw.appendWindows("tenant-" + tenant, t + 500, windows);
                }
                raw.tick(t + 600);
                raw.flush();
            }
            raw.tick(t0 + seconds * 1000L + 1600);
        }
        System.out.printf(Locale.ROOT, "GENERATED %d samples in %.1f s%n", total, (System.nanoTime() - g0) / 1e9);
        return total;
    }

    private static JsonNode checkpointStats(int restPort, JobClient job) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + "/jobs/" + job.getJobID()
                                            + "/checkpoints"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            JsonNode summary = JSON.readTree(r.body()).path("summary");
            Map<String, Object> out = new HashMap<>();
            out.put(
                    "checkpoint_duration_ms_p50",
                    summary.path("end_to_end_duration").path("p50").asDouble());
            out.put(
                    "checkpoint_duration_ms_max",
                    summary.path("end_to_end_duration").path("max").asDouble());
            out.put(
                    "checkpoint_size_bytes_p50",
                    summary.path("checkpointed_size").path("p50").asDouble());
            out.put(
                    "checkpoints",
                    JSON.readTree(r.body()).path("counts").path("completed").asInt());
            return JSON.valueToTree(out);
        } catch (Exception e) {
            return JSON.valueToTree(Map.of("checkpoint_stats_error", e.toString()));
        }
    }

    /** CPU time of every live thread, by id. */
    private static Map<Long, Long> threadCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> out = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long ns = threads.getThreadCpuTime(id);
            if (ns >= 0) {
                out.put(id, ns);
            }
        }
        return out;
    }

    /**
     * Where the steady state's CPU went, by thread name (digits folded); what no Java thread accounts for is the JVM's
     * own work: JIT compilation and garbage collection.
     */
    private static void printCpuByThread(Map<Long, Long> before, Map<Long, Long> after, double processCpuS) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Double> byName = new HashMap<>();
        double javaThreads = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            ThreadInfo info = threads.getThreadInfo(e.getKey());
            double s = (e.getValue() - before.getOrDefault(e.getKey(), 0L)) / 1e9;
            javaThreads += s;
            String name = info == null ? "(ended)" : info.getThreadName().replaceAll("[0-9]+", "N");
            byName.merge(name.length() > 60 ? name.substring(0, 60) : name, s, Double::sum);
        }
        byName.put("(JVM: JIT, GC; and threads that ended)", processCpuS - javaThreads);
        System.out.println("STEADY CPU BY THREAD (s):");
        byName.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(15)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %7.2f %s%n", e.getValue(), e.getKey()));
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .sum();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Map<String, String> args(String[] argv) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            out.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        return out;
    }
}
