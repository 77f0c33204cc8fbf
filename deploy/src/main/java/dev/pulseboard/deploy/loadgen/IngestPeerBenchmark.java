package dev.pulseboard.deploy.loadgen;

import dev.pulseboard.contract.prometheus.Label;
import dev.pulseboard.contract.prometheus.Sample;
import dev.pulseboard.contract.prometheus.TimeSeries;
import dev.pulseboard.contract.prometheus.WriteRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xerial.snappy.Snappy;

/**
 * The gateway side by side with the peer a user would run instead, in one run, on the same input, loopback only
 * (docs/benchmarks.md; {@code ./pulseboard bench-ingest} starts Kafka and the gateway and calls this):
 *
 * <ul>
 *   <li>{@code statsd}: packets of {@code --lines-per-packet} counter lines paced at each of {@code --rates} lines/s for
 *       {@code --seconds}, to the gateway and to Etsy's statsd daemon (npm {@code statsd}, same 4 MiB socket buffer);
 *       accepted = the gateway's Kafka-acknowledged count, statsd's own counters; loss = 1 - accepted/sent. The lines
 *       cycle over {@code --statsd-series} counters (default 1: every line of a packet the same counter), sent from
 *       {@code --statsd-senders} sockets (default 1; a packet, and so its series, always from the same one: many
 *       clients, each with its own series).
 *   <li>{@code remote-write}: {@code --requests} pre-encoded remote-write 1.0 requests of 2000 samples over 100,000
 *       series, {@code --rw-senders} senders (default 16, each on its own HTTP/1.1 connection, as a Prometheus that has
 *       fallen behind runs up to 50 shards: with fewer, each target's latency, not its capacity, sets the rate; docs/
 *       benchmarks.md has the sweep over 4-32), to the gateway, Prometheus'
 *       receiver ({@code --web.enable-remote-write-receiver}) and VictoriaMetrics; acknowledged samples/s and request
 *       latency. Each target first takes the same series' earlier samples for {@code --rw-warmup-seconds} of sending
 *       (default 60; a JVM's rate still climbs minutes after its start, a Go server's does not), unreported; then
 *       {@code --rw-rounds} rounds (default 3) measure the targets in turn, each round on the series' next samples, so
 *       that each round's ratios come from minutes of the same machine state (a shared machine's speed drifts). The gateway's CPU is also given with its Kafka broker's ({@code --kafka-pid}).
 *   <li>{@code isolation}: a quiet tenant's push latency alone, beside a noisy tenant at its ingest rate and at ten
 *       times it, in {@code --iso-rounds} rounds (default 3), {@code --seconds} per condition and round, after {@code
 *       --iso-warmup-seconds} (default 30) of both tenants at 10x, unreported. The noisy tenant's client runs in a
 *       process and session of its own at nice {@code --noisy-nice} (default 19; the session's weight too), standing in
 *       for the machine of its own it would run on: what the quiet tenant then shares with it is the gateway, not the
 *       benchmark's JVM or its share of the cores.
 * </ul>
 *
 * CPU-seconds of each target process come from /proc/PID/stat (all threads), so CPU per million samples is comparable
 * across targets. Every peer is started here and stopped by its PID.
 */
public final class IngestPeerBenchmark {
    private static final int SAMPLES_PER_REQUEST = 2000;
    private static final int SERIES = 100_000;
    private static final double CLOCK_TICKS = 100.0;

    private final Options o;
    private final String[] args;

    private IngestPeerBenchmark(Options o, String[] args) {
        this.o = o;
        this.args = args;
    }

    record Options(
            String scenario,
            int seconds,
            long gatewayPid,
            long kafkaPid,
            String gatewayHttp,
            String gatewayMgmt,
            int gatewayStatsdPort,
            String tenant,
            String key,
            Path work,
            Path peers,
            long[] rates,
            int linesPerPacket,
            int requests,
            int concurrency,
            int rwSenders,
            int warmupSeconds,
            int rwWarmupSeconds,
            int rwRounds,
            int isoRounds,
            int isoWarmupSeconds,
            int statsdSeries,
            int statsdSenders,
            String noisyKey,
            double noisyLimit,
            int noisyNice,
            String aside) {}

    public static void main(String[] args) throws Exception {
        Options o = new Options(
                arg(args, "--scenario", "all"),
                Math.min(600, Integer.parseInt(arg(args, "--seconds", "10"))),
                Long.parseLong(arg(args, "--gateway-pid", "-1")),
                Long.parseLong(arg(args, "--kafka-pid", "-1")),
                loopback(arg(args, "--gateway-http", "http://127.0.0.1:19081")),
                loopback(arg(args, "--gateway-mgmt", "http://127.0.0.1:19082")),
                Integer.parseInt(arg(args, "--gateway-statsd-port", "19125")),
                arg(args, "--tenant", "bench"),
                Files.readString(Path.of(arg(args, "--key-file", "bench.key"))).trim(),
                Path.of(arg(args, "--work-dir", "target/bench-ingest")),
                Path.of(arg(args, "--peers-dir", "deploy/bench-peers")),
                Arrays.stream(arg(args, "--rates", "100000,200000,400000,600000,800000,1000000")
                                .split(","))
                        .mapToLong(Long::parseLong)
                        .toArray(),
                Integer.parseInt(arg(args, "--lines-per-packet", "40")),
                Integer.parseInt(arg(args, "--requests", "2500")),
                Integer.parseInt(arg(args, "--concurrency", "4")),
                Math.max(1, Integer.parseInt(arg(args, "--rw-senders", "16"))),
                Integer.parseInt(arg(args, "--warmup-seconds", "10")),
                Integer.parseInt(arg(args, "--rw-warmup-seconds", "60")),
                Math.max(1, Integer.parseInt(arg(args, "--rw-rounds", "3"))),
                Math.max(1, Integer.parseInt(arg(args, "--iso-rounds", "3"))),
                Integer.parseInt(arg(args, "--iso-warmup-seconds", "30")),
                Integer.parseInt(arg(args, "--statsd-series", "1")),
                Math.max(1, Integer.parseInt(arg(args, "--statsd-senders", "1"))),
                arg(args, "--noisy-key-file", null) == null
                        ? null
                        : Files.readString(Path.of(arg(args, "--noisy-key-file", null)))
                                .trim(),
                Double.parseDouble(arg(args, "--noisy-limit", "20000")),
                Integer.parseInt(arg(args, "--noisy-nice", "19")),
                arg(args, "--aside", "deploy/aside"));
        IngestPeerBenchmark bench = new IngestPeerBenchmark(o, args);
        if (NOISY_ROLE.equals(arg(args, "--role", ""))) {
            bench.noisyTenant();
            return;
        }
        Files.createDirectories(o.work());
        if (bench.runs("statsd")) {
            bench.statsd();
        }
        if (bench.runs("remote-write")) {
            bench.remoteWrite();
        }
        if (bench.runs("http-json")) {
            bench.httpPush("HTTP JSON push", jsonBodies(1000, 10));
        }
        if (bench.runs("otlp")) {
            bench.httpPush("OTLP/HTTP protobuf", otlpBodies(1000, 10));
        }
        if (bench.runs("isolation") && o.noisyKey() != null) {
            bench.isolation();
        }
    }

    /** {@code --scenario}: a comma-separated list of statsd, remote-write, http-json, otlp, isolation, or all. */
    private boolean runs(String scenario) {
        List<String> chosen = List.of(o.scenario().split(","));
        return chosen.contains("all") || chosen.contains(scenario);
    }

    // ---------------------------------------------------------------- StatsD

    private void statsd() throws Exception {
        System.out.printf(
                "%nStatsD: %d-line packets over %d series from %d sender sockets, %d s per step after %d s of warm-up;"
                        + " accepted with loss < 0.1 %% is the bar%n",
                o.linesPerPacket(), o.statsdSeries(), o.statsdSenders(), o.seconds(), o.warmupSeconds());
        System.out.println(
                "| target | offered lines/s | sent | accepted | loss % | accepted lines/s | CPU-s | CPU-s per M |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        List<byte[]> gatewayPackets = packets(o.key() + ".");
        warmUp(o.gatewayStatsdPort(), gatewayPackets);
        for (long rate : o.rates()) {
            statsdStep(
                    "gateway",
                    o.gatewayPid(),
                    o.gatewayStatsdPort(),
                    gatewayPackets,
                    rate,
                    () -> gatewayCounter("pulseboard_received_samples_total", "statsd-udp"));
        }
        int port = freePort();
        int mgmt = freePort();
        Path config = o.work().resolve("statsd-config.js");
        Files.writeString(
                config,
                "{ port: %d, address: \"127.0.0.1\", mgmt_port: %d, mgmt_address: \"127.0.0.1\", flushInterval: 3600000, backends: [] }"
                        .formatted(port, mgmt));
        Process statsd = start(
                List.of("node", o.peers().resolve("run-statsd.js").toString(), config.toString()),
                o.work().resolve("statsd.log"));
        try {
            awaitPort(mgmt);
            List<byte[]> statsdPackets = packets("");
            warmUp(port, statsdPackets);
            for (long rate : o.rates()) {
                statsdStep("Etsy statsd 0.9.0", statsd.pid(), port, statsdPackets, rate, () -> statsdCounter(mgmt));
            }
        } finally {
            stop(statsd);
        }
    }

    /** JIT warm-up, not reported: the lowest rate for {@code --warmup-seconds}, so no target is measured cold. */
    private void warmUp(int port, List<byte[]> packets) throws IOException {
        sendPaced(new InetSocketAddress("127.0.0.1", port), packets, o.rates()[0], o.warmupSeconds());
    }

    /**
     * The packets a run cycles through: {@code --lines-per-packet} lines each, {@code prefix + "bench_c:1|c"} when
     * there is one series, else {@code bench_c_<n>} with n cycling over {@code --statsd-series}.
     */
    private List<byte[]> packets(String prefix) {
        int series = Math.max(1, o.statsdSeries());
        int count = Math.max(1, (series + o.linesPerPacket() - 1) / o.linesPerPacket());
        List<byte[]> packets = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            StringBuilder packet = new StringBuilder();
            for (int i = 0; i < o.linesPerPacket(); i++) {
                int n = (k * o.linesPerPacket() + i) % series;
                packet.append(i == 0 ? "" : "\n")
                        .append(prefix)
                        .append(series == 1 ? "bench_c" : "bench_c_" + n)
                        .append(":1|c");
            }
            packets.add(packet.toString().getBytes(StandardCharsets.UTF_8));
        }
        return packets;
    }

    private void statsdStep(String target, long pid, int port, List<byte[]> packets, long rate, LongSupplier accepted)
            throws Exception {
        long before = settle(accepted); // what the warm-up or the last step sent is counted before this one starts
        double cpuBefore = cpuSeconds(pid);
        long sent = sendPaced(new InetSocketAddress("127.0.0.1", port), packets, rate, o.seconds());
        long after = settle(accepted);
        double cpu = cpuSeconds(pid) - cpuBefore;
        long got = after - before;
        System.out.printf(
                Locale.ROOT,
                "| %s | %,d | %,d | %,d | %.3f | %,.0f | %.1f | %.2f |%n",
                target,
                rate,
                sent,
                got,
                100.0 * (sent - got) / Math.max(1, sent),
                got / (double) o.seconds(),
                cpu,
                cpu / Math.max(1e-9, got / 1e6));
    }

    /** Sends {@code packets} (of {@code linesPerPacket} lines) in turn, paced to {@code linesPerSecond}; lines sent. */
    private long sendPaced(InetSocketAddress to, List<byte[]> packets, long linesPerSecond, int seconds)
            throws IOException {
        double packetsPerNano = linesPerSecond / (double) o.linesPerPacket() / 1e9;
        long sentPackets = 0;
        DatagramChannel[] senders = new DatagramChannel[o.statsdSenders()];
        try {
            for (int i = 0; i < senders.length; i++) {
                senders[i] = DatagramChannel.open();
                senders[i].setOption(java.net.StandardSocketOptions.SO_SNDBUF, 4 << 20);
            }
            List<ByteBuffer> bufs = packets.stream().map(ByteBuffer::wrap).toList();
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            long now;
            while ((now = System.nanoTime()) < end) {
                long due = (long) ((now - start) * packetsPerNano);
                while (sentPackets < due) {
                    int k = (int) (sentPackets % bufs.size());
                    ByteBuffer buf = bufs.get(k);
                    buf.rewind();
                    senders[k % senders.length].send(buf, to);
                    sentPackets++;
                }
                LockSupport.parkNanos(200_000);
            }
        } finally {
            for (DatagramChannel ch : senders) {
                if (ch != null) {
                    ch.close();
                }
            }
        }
        return sentPackets * o.linesPerPacket();
    }

    /**
     * Polls until the count stops moving (two equal reads 1.5 s apart: longer than the gateway's StatsD flush
     * interval of one second, so a second still held there is not missed), at most 30 s.
     */
    private static long settle(LongSupplier count) throws InterruptedException {
        long last = count.getAsLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Thread.sleep(1500);
            long now = count.getAsLong();
            if (now == last) {
                return now;
            }
            last = now;
        }
        return last;
    }

    private long gatewayCounter(String metric, String protocol) {
        String body = get(o.gatewayMgmt() + "/q/metrics");
        Pattern p = Pattern.compile("^" + metric + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher m = p.matcher(body);
        double sum = 0;
        while (m.find()) {
            if (m.group(1).contains("tenant=\"" + o.tenant() + "\"")
                    && m.group(1).contains("protocol=\"" + protocol + "\"")) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return (long) sum;
    }

    /** statsd's management interface: {@code counters} dumps every counter since the (hour-long) flush interval. */
    private static long statsdCounter(int mgmtPort) {
        try (Socket s = new Socket("127.0.0.1", mgmtPort)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write("counters\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder dump = new StringBuilder();
            for (String line; (line = in.readLine()) != null && !line.equals("END"); ) {
                dump.append(line).append('\n');
            }
            Matcher m = Pattern.compile("'?bench_c(?:_\\d+)?'?: (\\d+)").matcher(dump);
            long sum = 0;
            while (m.find()) {
                sum += Long.parseLong(m.group(1));
            }
            return sum;
        } catch (IOException e) {
            throw new UncheckedIOException("statsd management interface", e);
        }
    }

    // ---------------------------------------------------------------- remote-write

    private void remoteWrite() throws Exception {
        long t0 = System.currentTimeMillis() - TimeUnit.MINUTES.toMillis(2);
        int steps = Math.max(1, o.requests() / (SERIES / SAMPLES_PER_REQUEST));
        System.out.printf(
                "%nRemote-write 1.0: %,d pre-encoded requests of %,d samples over %,d series, %d senders, after"
                        + " %d s of warm-up on the same series' earlier samples; %d rounds, each target in turn%n",
                o.requests(), SAMPLES_PER_REQUEST, SERIES, o.rwSenders(), o.rwWarmupSeconds(), o.rwRounds());
        String basic =
                "Basic " + Base64.getEncoder().encodeToString(("bench:" + o.key()).getBytes(StandardCharsets.UTF_8));
        int promPort = freePort();
        Path promDir = o.work().resolve("prometheus");
        Files.createDirectories(promDir);
        Files.writeString(promDir.resolve("prometheus.yml"), "global:\n  scrape_interval: 1m\n");
        int vmPort = freePort();
        Process prometheus = null;
        Process vm = null;
        try {
            prometheus = start(
                    List.of(
                            "prometheus",
                            "--config.file=" + promDir.resolve("prometheus.yml"),
                            "--storage.tsdb.path=" + promDir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + promPort,
                            "--web.enable-remote-write-receiver"),
                    o.work().resolve("prometheus.log"));
            vm = start(
                    List.of(
                            "victoria-metrics",
                            "-storageDataPath=" + o.work().resolve("victoria-metrics"),
                            "-httpListenAddr=127.0.0.1:" + vmPort),
                    o.work().resolve("victoria-metrics.log"));
            awaitPort(promPort);
            awaitPort(vmPort);
            List<RwTarget> targets = List.of(
                    new RwTarget("gateway", o.gatewayPid(), o.kafkaPid(), o.gatewayHttp() + "/api/v1/write", basic),
                    new RwTarget(
                            "Prometheus 2.42 receiver",
                            prometheus.pid(),
                            -1,
                            "http://127.0.0.1:" + promPort + "/api/v1/write",
                            null),
                    new RwTarget(
                            "VictoriaMetrics 1.79",
                            vm.pid(),
                            -1,
                            "http://127.0.0.1:" + vmPort + "/api/v1/write",
                            null));
            for (RwTarget t : targets) {
                warmUp(t, t0, steps);
            }
            System.out.println("| round | target | samples acknowledged | failed requests | samples/s | p50 ms | p99 ms"
                    + " | CPU-s | CPU-s per M | with its Kafka broker: CPU-s per M |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|");
            double[][] rates = new double[o.rwRounds()][targets.size()];
            for (int round = 0; round < o.rwRounds(); round++) {
                // each round the series' next samples, so that every target takes every series in time order
                List<List<byte[]>> byThread = encodeRequests(t0 + 1000L * steps * round, steps);
                for (int i = 0; i < targets.size(); i++) {
                    rates[round][i] = rwRun(round + 1, targets.get(i), byThread);
                }
            }
            for (int i = 1; i < targets.size(); i++) {
                double[] ratios = new double[rates.length];
                StringBuilder each = new StringBuilder();
                for (int round = 0; round < rates.length; round++) {
                    ratios[round] = rates[round][0] / rates[round][i];
                    each.append(round == 0 ? "" : " · ").append(String.format(Locale.ROOT, "%.2f", ratios[round]));
                }
                System.out.printf(
                        Locale.ROOT,
                        "gateway / %s, by round: %s (median %.2f)%n",
                        targets.get(i).name(),
                        each,
                        median(ratios));
            }
        } finally {
            if (prometheus != null) {
                stop(prometheus);
            }
            if (vm != null) {
                stop(vm);
            }
        }
    }

    /** A remote-write receiver: its process (and Kafka's, for the gateway; else -1), URL and credentials. */
    private record RwTarget(String name, long pid, long kafkaPid, String url, String authorization) {}

    /**
     * The same series' earlier samples, unreported, for {@code --rw-warmup-seconds} of sending: each target's JIT (the
     * gateway's and its broker's), caches and series exist when measured, as for a receiver that has taken a
     * Prometheus' scrapes for a while. Chunks of {@code steps} samples per series, 100 ms apart, in the two minutes
     * before the rounds' first sample (the series stay in time order, and within the gateway's 10 minutes of past
     * grace); each chunk is encoded before it is sent, and only the sending counts.
     */
    private void warmUp(RwTarget t, long t0, int steps) throws Exception {
        long spacingMs = 100;
        long budget = TimeUnit.SECONDS.toNanos(o.rwWarmupSeconds());
        long sending = 0;
        for (long from = t0 - TimeUnit.MINUTES.toMillis(2);
                from + spacingMs * steps <= t0 && sending < budget;
                from += spacingMs * steps) {
            List<List<byte[]>> chunk = encodeRequests(from, steps, spacingMs);
            long start = System.nanoTime();
            rwSend(t.url(), t.authorization(), chunk, new Tally(), start + budget - sending);
            sending += System.nanoTime() - start;
        }
    }

    /**
     * Requests round by round: series group g (2000 series) of round r has timestamp t0 + r s. Sender k gets the groups
     * g with g mod senders = k, in round order, so every series arrives in time order (Prometheus refuses out of
     * order samples).
     */
    private List<List<byte[]>> encodeRequests(long t0, int rounds) throws IOException {
        return encodeRequests(t0, rounds, 1000);
    }

    /** As {@link #encodeRequests(long, int)}, with round r's samples at {@code t0 + r * spacingMs}. */
    private List<List<byte[]>> encodeRequests(long t0, int rounds, long spacingMs) throws IOException {
        int groups = SERIES / SAMPLES_PER_REQUEST;
        List<List<byte[]>> byThread = new ArrayList<>();
        for (int k = 0; k < o.rwSenders(); k++) {
            byThread.add(new ArrayList<>());
        }
        for (int r = 0; r < rounds; r++) {
            for (int g = 0; g < groups; g++) {
                WriteRequest.Builder w = WriteRequest.newBuilder();
                for (int s = 0; s < SAMPLES_PER_REQUEST; s++) {
                    int id = g * SAMPLES_PER_REQUEST + s;
                    w.addTimeseries(TimeSeries.newBuilder()
                            .addLabels(label("__name__", "bench_rw"))
                            .addLabels(label("instance", "host-" + (id % 100)))
                            .addLabels(label("job", "bench"))
                            .addLabels(label("series", Integer.toString(id)))
                            .addSamples(Sample.newBuilder().setValue(r).setTimestamp(t0 + r * spacingMs)));
                }
                byThread.get(g % o.rwSenders()).add(Snappy.compress(w.build().toByteArray()));
            }
        }
        return byThread;
    }

    /** One measured round of one target; its acknowledged samples/s. */
    private double rwRun(int round, RwTarget t, List<List<byte[]>> byThread) throws Exception {
        Tally tally = new Tally();
        double cpuBefore = cpuSeconds(t.pid());
        double kafkaBefore = t.kafkaPid() > 0 ? cpuSeconds(t.kafkaPid()) : 0;
        long start = System.nanoTime();
        rwSend(t.url(), t.authorization(), byThread, tally, Long.MAX_VALUE);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = cpuSeconds(t.pid()) - cpuBefore;
        double kafka = t.kafkaPid() > 0 ? cpuSeconds(t.kafkaPid()) - kafkaBefore : 0;
        Load load = tally.load();
        double millions = Math.max(1e-9, load.okSamples() / 1e6);
        System.out.printf(
                Locale.ROOT,
                "| %d | %s | %,d | %,d | %,.0f | %.1f | %.1f | %.1f | %.2f | %s |%n",
                round,
                t.name(),
                load.okSamples(),
                load.failed() + load.limited(),
                load.okSamples() / seconds,
                load.p(0.50),
                load.p(0.99),
                cpu,
                cpu / millions,
                t.kafkaPid() > 0 ? String.format(Locale.ROOT, "%.2f", (cpu + kafka) / millions) : "(own TSDB)");
        return load.okSamples() / seconds;
    }

    /** Sends each sender's requests in order, until all are sent, one fails, or {@code untilNanos}. */
    private static void rwSend(
            String url, String authorization, List<List<byte[]>> byThread, Tally tally, long untilNanos)
            throws Exception {
        runSenders(byThread.size(), k -> {
            for (byte[] body : byThread.get(k)) {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/x-protobuf")
                        .header("Content-Encoding", "snappy")
                        .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                if (authorization != null) {
                    b.header("Authorization", authorization);
                }
                if (!tally.send(b.build(), SAMPLES_PER_REQUEST) || System.nanoTime() > untilNanos) {
                    return;
                }
            }
        });
    }

    /**
     * Answers of one load run: 2xx (with the latency and the samples they carried), 429, anything else. Shared by
     * every HTTP scenario, safe for concurrent senders.
     */
    private static final class Tally {
        // a connection per sender, for the gateway and the peers alike
        private final HttpClient http = IngestLoadBenchmark.http11(Duration.ofSeconds(5));
        private final AtomicLong ok = new AtomicLong();
        private final AtomicLong limited = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final AtomicLong okSamples = new AtomicLong();
        private final List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());

        /** Sends and records; false once the sender was interrupted. */
        boolean send(HttpRequest request, long samples) {
            long t0 = System.nanoTime();
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                long took = System.nanoTime() - t0;
                if (status / 100 == 2) {
                    ok.incrementAndGet();
                    okSamples.addAndGet(samples);
                    latencies.add(took);
                } else if (status == 429) {
                    limited.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
            } catch (IOException e) {
                failed.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return true;
        }

        Load load() {
            long[] sorted =
                    latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            return new Load(ok.get(), limited.get(), failed.get(), okSamples.get(), sorted);
        }
    }

    /** Runs {@code sender} on {@code n} threads (sender k gets k) and waits for all of them. */
    private static void runSenders(int n, java.util.function.IntConsumer sender) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                int id = k;
                done.add(pool.submit(() -> sender.accept(id)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    // ---------------------------------------------------------------- HTTP JSON, and one tenant over its rate

    /** Pre-encoded requests of one protocol: bodies posted round-robin, each with the same number of samples. */
    record Payloads(String path, String contentType, List<byte[]> bodies, int samplesPerBody) {}

    /** {@code --concurrency} senders posting {@code payloads} for {@code --seconds}: samples/s and latency. */
    private void httpPush(String title, Payloads payloads) throws Exception {
        System.out.printf(
                "%n%s, %d senders, %d samples per request, %d s%n",
                title, o.concurrency(), payloads.samplesPerBody(), o.seconds());
        System.out.println("| target | samples/s acknowledged | failed requests | p50 ms | p99 ms | CPU-s per M |");
        System.out.println("|---|---|---|---|---|---|");
        double cpuBefore = cpuSeconds(o.gatewayPid());
        Load load = push(o.key(), payloads, o.concurrency(), 0, o.seconds());
        double cpu = cpuSeconds(o.gatewayPid()) - cpuBefore;
        System.out.printf(
                Locale.ROOT,
                "| gateway | %,.0f | %,d | %.1f | %.1f | %.2f |%n",
                load.okSamples() / (double) o.seconds(),
                load.failed(),
                load.p(0.50),
                load.p(0.99),
                cpu / Math.max(1e-9, load.okSamples() / 1e6));
    }

    /**
     * A quiet tenant pushing 100 samples 50 times a second, alone, beside another tenant pushing at its ingest rate
     * ({@code --noisy-limit}) and beside it pushing at ten times that rate (refused with 429): the quiet tenant's
     * latency must not move (target: p99 within 10 %). {@code --iso-rounds} rounds (default 3) run the three conditions
     * in turn, each round starting with the next one, so that neither the order (the first condition after an idle
     * pause meets cold caches and sleeping cores) nor the machine's drift favours one; the medians of the rounds' p99
     * are compared.
     */
    private void isolation() throws Exception {
        Payloads quiet = jsonBodies(100, 10);
        double noisyRequestsPerSecond = 10 * o.noisyLimit() / 1000;
        System.out.printf(
                "%nIsolation: quiet tenant 50 requests/s of 100 samples, %d s per condition and round, %d rounds;"
                        + " noisy tenant at its limit of %,.0f samples/s and at 10x (%.0f requests/s of 1000)%n",
                o.seconds(), o.isoRounds(), o.noisyLimit(), noisyRequestsPerSecond);
        System.out.println("| round | quiet tenant | requests | p50 ms | p99 ms | noisy: 2xx / 429 |");
        System.out.println("|---|---|---|---|---|---|");
        List<Condition> conditions = List.of(
                new Condition("alone", 0),
                new Condition("beside the noisy tenant at its limit (1x)", noisyRequestsPerSecond / 10),
                new Condition("beside the noisy tenant at 10x its limit", noisyRequestsPerSecond));
        double[][] p99 = new double[conditions.size()][o.isoRounds()];
        try (NoisyTenant noisy = new NoisyTenant()) {
            // JIT warm-up, not reported: both tenants, so that the noisy tenant's path (larger bodies, the 429s) is as
            // warm in the first measured round as the quiet tenant's
            run(quiet, noisy, conditions.get(2), o.isoWarmupSeconds());
            for (int round = 0; round < o.isoRounds(); round++) {
                for (int k = 0; k < conditions.size(); k++) {
                    int c = (round + k) % conditions.size();
                    p99[c][round] = quietP99(round + 1, quiet, noisy, conditions.get(c));
                }
            }
        }
        double alone = median(p99[0]);
        double atLimit = median(p99[1]);
        double over = median(p99[2]);
        System.out.printf(
                Locale.ROOT,
                "quiet p99, medians of %d rounds: alone %.2f ms, beside 1x %.2f ms, beside 10x %.2f ms;"
                        + " 10x / alone %.2f, 10x / 1x %.2f%n",
                o.isoRounds(),
                alone,
                atLimit,
                over,
                over / alone,
                over / atLimit);
    }

    /** A condition of the isolation scenario: the noisy tenant's requests per second (0: not running). */
    private record Condition(String name, double noisyRequestsPerSecond) {}

    /** One condition of one round: the quiet tenant's p99, beside the noisy tenant unless the condition has none. */
    private double quietP99(int round, Payloads quiet, NoisyTenant noisy, Condition condition) throws Exception {
        Outcome outcome = run(quiet, noisy, condition, o.seconds());
        Load measured = outcome.quiet();
        System.out.printf(
                Locale.ROOT,
                "| %d | %s | %,d | %.2f | %.2f | %s |%n",
                round,
                condition.name(),
                measured.ok(),
                measured.p(0.5),
                measured.p(0.99),
                outcome.noisy());
        return measured.p(0.99);
    }

    /** What one condition gave: the quiet tenant's load, and the noisy tenant's 2xx / 429 ("-" when not running). */
    private record Outcome(Load quiet, String noisy) {}

    /** The quiet tenant for {@code seconds}, beside the noisy tenant unless the condition has none. */
    private Outcome run(Payloads quiet, NoisyTenant noisy, Condition condition, int seconds) throws Exception {
        Load measured;
        String noisyOutcome = "-";
        if (condition.noisyRequestsPerSecond() > 0) {
            noisy.begin(condition.noisyRequestsPerSecond(), seconds + 2);
            Thread.sleep(1000); // the noisy tenant at its rate before the quiet tenant is measured
            measured = push(o.key(), quiet, 1, 50, seconds);
            noisyOutcome = noisy.end();
        } else {
            measured = push(o.key(), quiet, 1, 50, seconds);
        }
        return new Outcome(measured, noisyOutcome);
    }

    /** {@code --role}: this process is the isolation scenario's noisy tenant ({@link #noisyTenant()}). */
    private static final String NOISY_ROLE = "noisy-tenant";

    /**
     * The isolation scenario's noisy tenant, in a process of its own (started by {@link NoisyTenant}): one line per
     * condition on stdin, {@code run REQUESTS_PER_SECOND SECONDS}, answered with {@code ok N limited M} when done; end
     * of input ends it.
     */
    private void noisyTenant() throws Exception {
        Payloads noisy = jsonBodies(1000, 10);
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = commands.readLine(); line != null; line = commands.readLine()) {
            String[] command = line.trim().split("\\s+");
            if (command.length != 3 || !command[0].equals("run")) {
                throw new IllegalArgumentException("expected 'run REQUESTS_PER_SECOND SECONDS', not " + line);
            }
            Load n = push(o.noisyKey(), noisy, 2, Double.parseDouble(command[1]), Integer.parseInt(command[2]));
            System.out.printf(Locale.ROOT, "ok %d limited %d%n", n.ok(), n.limited());
            System.out.flush();
        }
    }

    /**
     * The noisy tenant's process ({@link #noisyTenant()}): this benchmark's class and arguments in a session of its own
     * at nice {@code --noisy-nice}, its session's weight included ({@code --aside}, deploy/aside: {@code nice} alone
     * in this benchmark's session would leave it that session's full weight whenever the quiet client waits), so that its client's threads and garbage are not in the JVM that
     * times the quiet tenant and take only the CPU the gateway, Kafka and that client leave.
     */
    private final class NoisyTenant implements AutoCloseable {
        private final Process process;
        private final BufferedWriter commands;
        private final BufferedReader answers;

        NoisyTenant() throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    "setsid",
                    o.aside(),
                    Integer.toString(o.noisyNice()),
                    ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx256m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    IngestPeerBenchmark.class.getName()));
            command.addAll(List.of(args));
            command.addAll(List.of("--role", NOISY_ROLE));
            process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            commands = process.outputWriter(StandardCharsets.UTF_8);
            answers = process.inputReader(StandardCharsets.UTF_8);
        }

        void begin(double requestsPerSecond, int seconds) throws IOException {
            commands.write(String.format(Locale.ROOT, "run %.3f %d%n", requestsPerSecond, seconds));
            commands.flush();
        }

        /** Waits for the condition's end: "2xx / 429" of the noisy tenant. */
        String end() throws IOException {
            String line = answers.readLine();
            String[] f = line == null ? new String[0] : line.trim().split("\\s+");
            if (f.length != 4 || !f[0].equals("ok") || !f[2].equals("limited")) {
                throw new IllegalStateException("the noisy tenant's process answered " + line);
            }
            return String.format(Locale.ROOT, "%,d / %,d", Long.parseLong(f[1]), Long.parseLong(f[3]));
        }

        @Override
        public void close() throws InterruptedException {
            try {
                commands.close(); // end of input ends it
            } catch (IOException e) {
                // already gone
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    record Load(long ok, long limited, long failed, long okSamples, long[] latenciesNanos) {
        double p(double q) {
            return percentile(latenciesNanos, q) / 1e6;
        }
    }

    /** JSON push bodies: {@code samples} counter samples per request, {@code variants} requests of distinct series. */
    static Payloads jsonBodies(int samples, int variants) {
        List<byte[]> bodies = new ArrayList<>();
        for (int v = 0; v < variants; v++) {
            StringBuilder sb = new StringBuilder("{\"samples\":[");
            for (int i = 0; i < samples; i++) {
                sb.append(i == 0 ? "" : ",")
                        .append("{\"name\":\"bench_json_total\",\"type\":\"counter\",\"value\":1,\"labels\":{\"s\":\"")
                        .append(v * samples + i)
                        .append("\"}}");
            }
            bodies.add(sb.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        }
        return new Payloads("/api/v1/push", "application/json", bodies, samples);
    }

    /**
     * OTLP/HTTP protobuf bodies as an SDK exports them: one resource, one cumulative monotonic sum with {@code samples}
     * data points (attribute {@code s}) per request, {@code variants} requests of distinct series.
     */
    static Payloads otlpBodies(int samples, int variants) {
        long nowNanos = System.currentTimeMillis() * 1_000_000L;
        List<byte[]> bodies = new ArrayList<>();
        for (int v = 0; v < variants; v++) {
            Sum.Builder sum = Sum.newBuilder()
                    .setIsMonotonic(true)
                    .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
            for (int i = 0; i < samples; i++) {
                sum.addDataPoints(NumberDataPoint.newBuilder()
                        .setAsInt(1)
                        .setStartTimeUnixNano(nowNanos - 60_000_000_000L)
                        .setTimeUnixNano(nowNanos)
                        .addAttributes(KeyValue.newBuilder()
                                .setKey("s")
                                .setValue(AnyValue.newBuilder().setStringValue(Integer.toString(v * samples + i)))));
            }
            ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder()
                    .addResourceMetrics(ResourceMetrics.newBuilder()
                            .setResource(Resource.newBuilder()
                                    .addAttributes(KeyValue.newBuilder()
                                            .setKey("service.name")
                                            .setValue(AnyValue.newBuilder().setStringValue("bench"))))
                            .addScopeMetrics(ScopeMetrics.newBuilder()
                                    .addMetrics(Metric.newBuilder()
                                            .setName("bench.otlp.requests")
                                            .setSum(sum))))
                    .build();
            bodies.add(request.toByteArray());
        }
        return new Payloads("/v1/metrics", "application/x-protobuf", bodies, samples);
    }

    /** {@code senders} threads posting the bodies round-robin, together at most {@code requestsPerSecond} (0 = open). */
    private Load push(String key, Payloads payloads, int senders, double requestsPerSecond, int seconds)
            throws Exception {
        Tally tally = new Tally();
        AtomicLong issued = new AtomicLong();
        List<byte[]> bodies = payloads.bodies();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        runSenders(senders, k -> {
            long now;
            while ((now = System.nanoTime()) < end) {
                long n = issued.getAndIncrement();
                if (requestsPerSecond > 0) {
                    long due = start + (long) (n * 1e9 / requestsPerSecond);
                    if (due > now) {
                        LockSupport.parkNanos(due - now);
                    }
                }
                HttpRequest request = HttpRequest.newBuilder(URI.create(o.gatewayHttp() + payloads.path()))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", payloads.contentType())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get((int) (n % bodies.size()))))
                        .build();
                if (!tally.send(request, payloads.samplesPerBody())) {
                    return;
                }
            }
        });
        return tally.load();
    }

    // ---------------------------------------------------------------- helpers

    private static Label label(String name, String value) {
        return Label.newBuilder().setName(name).setValue(value).build();
    }

    private static long percentile(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /** utime + stime of the whole process (every thread), seconds. */
    static double cpuSeconds(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": field 3 is f[0]; utime is field 14, stime field 15
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / CLOCK_TICKS;
        } catch (IOException e) {
            return 0;
        }
    }

    private static Process start(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void awaitPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("nothing listens on 127.0.0.1:" + port + " after 60 s");
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String get(String url) {
        try {
            return HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String loopback(String url) {
        String host = URI.create(url).getHost();
        if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
            throw new IllegalArgumentException("benchmarks target loopback only, not " + host);
        }
        return url;
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
