package dev.pulseboard.deploy.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.failsafe.RateLimiter;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The whole path under load (docs/benchmarks.md): {@code --connections} clients post batches of {@code --batch}
 * counter increments (value 1, no timestamp: the gateway stamps its receive time) over {@code --series} series to the
 * gateway, at most {@code --rate} samples/s (0 = as fast as the gateway acknowledges), for {@code --seconds}, loopback
 * only, and stop by themselves. Meanwhile a probe pushes one gauge sample at the start of every second and polls the
 * tenant query API until that second's window is queryable: the freshness (window end to queryable). With {@code
 * --prometheus} and {@code --tenant} it polls the store straight as well, so that a slow window shows which side lost
 * the time: the pipeline and the store's append (window end to stored), or the query path (stored to queryable);
 * and it samples the store's own metrics every second (time spent in its remote-write handler, garbage collections),
 * to tell whether the slow windows are the seconds in which the store was slow to take writes.
 *
 * <p>Afterwards it waits until the pipeline has accounted for every acknowledged sample (or 2 minutes without
 * progress) and prints the balance from the tenant's own data: acknowledged = aggregated + late + refused, and the
 * stored counter total against the acknowledged count. Use a tenant of its own ({@code ./pulseboard bench-load}
 * signs one up), so no other traffic mixes in.
 *
 * <p>Usage: {@code IngestLoadBenchmark --gateway http://127.0.0.1:19081 --query http://127.0.0.1:19084 --key-file KEY [--seconds 60]
 * [--rate 0] [--connections 4] [--batch 1000] [--series 10000] [--prometheus http://127.0.0.1:19090 --tenant ID]}.
 */
public final class IngestLoadBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Result(long samples, long requests, long failures, long[] latenciesMicros) {}

    public static void main(String[] args) throws Exception {
        String gateway = arg(args, "--gateway", "http://127.0.0.1:19081");
        String queries = arg(args, "--query", "http://127.0.0.1:19084");
        String prometheus = arg(args, "--prometheus", "");
        String tenant = arg(args, "--tenant", "");
        for (String url : prometheus.isEmpty() ? List.of(gateway, queries) : List.of(gateway, queries, prometheus)) {
            String host = URI.create(url).getHost();
            if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
                throw new IllegalArgumentException("load benchmarks target loopback only, not " + host);
            }
        }
        String key = Files.readString(Path.of(arg(args, "--key-file", ".pulseboard/run/demo.key")))
                .trim();
        int seconds = Math.min(3600, Integer.parseInt(arg(args, "--seconds", "60")));
        int rate = Integer.parseInt(arg(args, "--rate", "0"));
        int connections = Integer.parseInt(arg(args, "--connections", "4"));
        int batch = Integer.parseInt(arg(args, "--batch", "1000"));
        int series = Integer.parseInt(arg(args, "--series", "10000"));
        String run = Long.toString(System.currentTimeMillis() / 1000, 36);
        Api api = new Api(gateway, queries, key);
        Store store = prometheus.isEmpty() || tenant.isEmpty() ? null : new Store(prometheus, tenant);
        RateLimiter<Object> limiter = rate > 0
                ? RateLimiter.smoothBuilder(rate, Duration.ofSeconds(1))
                        .withMaxWaitTime(Duration.ofMinutes(1))
                        .build()
                : null;

        long startedMs = System.currentTimeMillis();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(connections + 1);
        Future<List<long[]>> probe = pool.submit(() -> Freshness.probe(api, store, deadline));
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        List<double[]> storeSeconds = new CopyOnWriteArrayList<>();
        if (store != null) {
            var unused = sampler.scheduleAtFixedRate(
                    () -> store.sample().ifPresent(storeSeconds::add), 0, 1, TimeUnit.SECONDS);
        }
        List<Future<Result>> futures = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            String body = body(run, batch, series, c * batch);
            futures.add(pool.submit(() -> push(api, body, batch, limiter, deadline)));
        }
        long acknowledged = 0;
        long requests = 0;
        long failures = 0;
        List<long[]> latencies = new ArrayList<>();
        for (Future<Result> f : futures) {
            Result r = f.get();
            acknowledged += r.samples();
            requests += r.requests();
            failures += r.failures();
            latencies.add(r.latenciesMicros());
        }
        List<long[]> freshness = probe.get();
        pool.shutdown();
        sampler.shutdownNow();
        long[] ack = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        long[] fresh = freshness.stream().mapToLong(w -> w[1]).sorted().toArray();
        System.out.printf(
                Locale.ROOT,
                "run=%s connections=%d batch=%d series=%d seconds=%d rate_limit=%d%n",
                run,
                connections,
                batch,
                series,
                seconds,
                rate);
        System.out.printf(
                Locale.ROOT,
                "acknowledged=%d acknowledged_samples_per_second=%.0f requests=%d failed_requests=%d%n",
                acknowledged,
                acknowledged / (double) seconds,
                requests,
                failures);
        System.out.printf(
                Locale.ROOT,
                "ack_latency_ms p50=%.1f p99=%.1f max=%.1f%n",
                pct(ack, 0.50) / 1000.0,
                pct(ack, 0.99) / 1000.0,
                ack.length == 0 ? 0 : ack[ack.length - 1] / 1000.0);
        System.out.printf(
                Locale.ROOT,
                "freshness_ms (window end -> queryable) windows=%d p50=%d p99=%d max=%d%n",
                fresh.length,
                pct(fresh, 0.50),
                pct(fresh, 0.99),
                fresh.length == 0 ? 0 : fresh[fresh.length - 1]);
        if (store != null) {
            long[] stored = freshness.stream().mapToLong(w -> w[2]).sorted().toArray();
            System.out.printf(
                    Locale.ROOT,
                    "stored_ms (window end -> in the store, asked straight) windows=%d p50=%d p99=%d max=%d%n",
                    stored.length,
                    pct(stored, 0.50),
                    pct(stored, 0.99),
                    stored.length == 0 ? 0 : stored[stored.length - 1]);
            Store.report(storeSeconds, freshness);
        }
        // where the slow windows were in the run: a start-up effect, a pause, or spread over it
        System.out.printf(
                Locale.ROOT,
                "windows over 1 s (window end, s after the start at %s: ms queryable%s): %s; probe queries timed out"
                        + " (10 s): %d%n",
                java.time.Instant.ofEpochMilli(startedMs),
                store == null ? "" : " / stored",
                freshness.stream()
                        .filter(w -> w[1] > 1000)
                        .map(w -> (w[0] - startedMs) / 1000 + ": " + w[1] + (store == null ? "" : " / " + w[2]))
                        .collect(Collectors.joining(", ", "[", "]")),
                Freshness.QUERY_TIMEOUTS.get());
        balance(api, run, acknowledged);
    }

    /** Waits for the pipeline to account for every acknowledged sample, then prints where each one went. */
    private static void balance(Api api, String run, long acknowledged) throws Exception {
        long total = acknowledged + Freshness.pushed();
        long last = -1;
        long lastChange = System.nanoTime();
        Map<String, Double> outcomes = Map.of();
        while (System.nanoTime() - lastChange < Duration.ofMinutes(2).toNanos()) {
            outcomes = api.byLabel("sum by (outcome) (pulseboard_samples_total)", "outcome");
            long accounted = Math.round(
                    outcomes.values().stream().mapToDouble(Double::doubleValue).sum());
            if (accounted >= total) {
                break;
            }
            if (accounted != last) {
                last = accounted;
                lastChange = System.nanoTime();
            }
            Thread.sleep(1000);
        }
        double stored = api.scalar("sum(bench_requests_total{run=\"" + run + "\"})");
        long aggregated = Math.round(outcomes.getOrDefault("aggregated", 0.0));
        long late = Math.round(outcomes.getOrDefault("late", 0.0));
        long refused = Math.round(outcomes.getOrDefault("refused", 0.0));
        System.out.printf(
                Locale.ROOT,
                "balance: acknowledged=%d (load %d + probe %d) aggregated=%d late=%d refused=%d missing=%d%n",
                total,
                acknowledged,
                Freshness.pushed(),
                aggregated,
                late,
                refused,
                total - aggregated - late - refused);
        System.out.printf(
                Locale.ROOT,
                "counter total stored=%.0f acknowledged=%d %s%n",
                stored,
                acknowledged,
                Math.round(stored) == acknowledged ? "EXACT" : "MISMATCH");
    }

    private static Result push(Api api, String body, int batch, RateLimiter<Object> limiter, long deadline)
            throws Exception {
        long samples = 0;
        long requests = 0;
        long failures = 0;
        long[] latencies = new long[1 << 20];
        while (System.nanoTime() < deadline) {
            if (limiter != null) {
                limiter.acquirePermits(batch);
            }
            long t0 = System.nanoTime();
            int status = api.push(body);
            long micros = (System.nanoTime() - t0) / 1000;
            if (requests < latencies.length) {
                latencies[(int) requests] = micros;
            }
            requests++;
            if (status == 200) {
                samples += batch;
            } else {
                failures++;
            }
        }
        return new Result(
                samples, requests, failures, Arrays.copyOf(latencies, (int) Math.min(requests, latencies.length)));
    }

    /** One connection's body: {@code batch} counter increments of 1, labelled with the run id. */
    static String body(String run, int batch, int series, int offset) {
        List<Map<String, Object>> samples = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            int s = (offset + i) % series;
            samples.add(Map.of(
                    "name",
                    "bench_requests_total",
                    "type",
                    "counter",
                    "value",
                    1,
                    "labels",
                    Map.of("run", run, "series", "s" + s, "instance", "bench-" + s % 10)));
        }
        try {
            return JSON.writeValueAsString(Map.of("samples", samples));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The probe: one gauge per second, then the query API (and the store, when given) polled until that second's
     * window answers. Each probed window as {end ms, freshness ms, stored ms (-1 without a store)}.
     */
    static final class Freshness {
        private static final AtomicLong PUSHED = new AtomicLong();
        private static final AtomicLong QUERY_TIMEOUTS = new AtomicLong();
        private static final String QUERY = "last_over_time(bench_probe[1ms])";

        private Freshness() {}

        static long pushed() {
            return PUSHED.get();
        }

        static List<long[]> probe(Api api, Store store, long deadline) throws Exception {
            List<long[]> out = new ArrayList<>();
            String body = JSON.writeValueAsString(
                    Map.of("samples", List.of(Map.of("name", "bench_probe", "type", "gauge", "value", 1))));
            while (System.nanoTime() < deadline) {
                long now = System.currentTimeMillis();
                long second = now / 1000 * 1000;
                Thread.sleep(second + 1100 - now); // 100 ms into the next second
                long window = System.currentTimeMillis() / 1000 * 1000;
                if (api.push(body) != 200) {
                    continue;
                }
                PUSHED.incrementAndGet();
                long end = window + 1000;
                long queryable = -1;
                long stored = store == null ? 0 : -1;
                while ((queryable < 0 || stored < 0) && System.currentTimeMillis() < end + 30_000) {
                    if (stored < 0 && store.holdsProbe(end - 1)) {
                        stored = System.currentTimeMillis() - end;
                    }
                    if (queryable < 0 && queryable(api, end)) {
                        queryable = System.currentTimeMillis() - end;
                    }
                    Thread.sleep(20);
                }
                if (queryable >= 0) {
                    // a store that never answered within the wait: at least that long
                    long inStore = stored >= 0 ? stored : System.currentTimeMillis() - end;
                    out.add(new long[] {end, queryable, store == null ? -1 : inStore});
                }
            }
            return out;
        }

        private static boolean queryable(Api api, long end) throws IOException, InterruptedException {
            try {
                return !api.query(QUERY, end - 1).isEmpty();
            } catch (HttpTimeoutException e) {
                // counted and polled again: the window's freshness then includes the wait
                QUERY_TIMEOUTS.incrementAndGet();
                return false;
            }
        }
    }

    /** The store (Prometheus) asked straight, with the tenant's matcher added as the query frontend adds it. */
    static final class Store {
        private static final String WRITE_SECONDS =
                "prometheus_http_request_duration_seconds_sum{handler=\"/api/v1/write\"} ";
        private static final String GC_CYCLES = "go_gc_duration_seconds_count ";
        /** A second in which the store's remote-write handler spent more than this (all requests together) is busy. */
        private static final double BUSY_SECONDS = 1.0;

        private final HttpClient http = http11(Duration.ofSeconds(2));
        private final String prometheus;
        /** The probe's query with the tenant's matcher written in, as the query frontend writes it. */
        private final String probe;

        Store(String prometheus, String tenant) {
            this.prometheus = prometheus;
            this.probe = Freshness.QUERY.replace("bench_probe", "bench_probe{tenant=\"" + tenant + "\"}");
        }

        /** Whether the store holds the probe's sample at {@code atMs}; false (polled again) when it does not answer. */
        boolean holdsProbe(long atMs) throws IOException, InterruptedException {
            try {
                HttpResponse<String> r = instantQuery(http, prometheus, probe, atMs, null);
                return r.statusCode() == 200
                        && !JSON.readTree(r.body()).path("data").path("result").isEmpty();
            } catch (HttpTimeoutException e) {
                return false;
            }
        }

        /** The store's own counters now: {wall ms, remote-write handler seconds so far, GC cycles so far}. */
        Optional<double[]> sample() {
            try {
                String text = http.send(
                                HttpRequest.newBuilder(URI.create(prometheus + "/metrics"))
                                        .timeout(Duration.ofSeconds(2))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                return Optional.of(
                        new double[] {System.currentTimeMillis(), counter(text, WRITE_SECONDS), counter(text, GC_CYCLES)
                        });
            } catch (IOException e) {
                return Optional.empty(); // a second without a sample
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }

        /** The value of the sample line that starts with {@code line} (name, labels and a space); NaN when absent. */
        static double counter(String text, String line) {
            int at = text.indexOf("\n" + line);
            if (at < 0) {
                return Double.NaN;
            }
            int from = at + 1 + line.length();
            int to = text.indexOf('\n', from);
            return Double.parseDouble(
                    text.substring(from, to < 0 ? text.length() : to).trim());
        }

        /**
         * What the store's samples say about the run: its remote-write handler's time per second between samples
         * (p50, p90, max), its GC cycles, and how many of the windows stored after 1 s ({@code slowBusy} of {@code
         * slow}) and within it ({@code fastBusy} of {@code fast}) were being written, from window end to stored, in a
         * second with more than {@link #BUSY_SECONDS} of handler time.
         */
        record Seconds(
                double p50,
                double p90,
                double max,
                double gcCycles,
                long slowBusy,
                long slow,
                long fastBusy,
                long fast) {}

        /**
         * @param samples the store's samples, {wall ms, handler seconds so far, GC cycles so far}, in order
         * @param windows the probed windows, {end ms, queryable ms, stored ms}
         */
        static Seconds summarise(List<double[]> samples, List<long[]> windows) {
            List<double[]> seconds = new ArrayList<>(); // {end of the interval ms, handler s/s}
            double gc = 0;
            for (int i = 1; i < samples.size(); i++) {
                double[] a = samples.get(i - 1);
                double[] b = samples.get(i);
                seconds.add(new double[] {b[0], (b[1] - a[1]) / ((b[0] - a[0]) / 1000.0)});
                gc += b[2] - a[2];
            }
            long[] busyIn = new long[2];
            long[] all = new long[2];
            for (long[] w : windows) {
                int slow = w[2] > 1000 ? 1 : 0;
                all[slow]++;
                // an interval that ends after the window's end and no later than a second after it was stored
                boolean busy = seconds.stream()
                        .anyMatch(s -> s[0] > w[0] && s[0] <= w[0] + w[2] + 1000 && s[1] > BUSY_SECONDS);
                busyIn[slow] += busy ? 1 : 0;
            }
            double[] perSecond =
                    seconds.stream().mapToDouble(s -> s[1]).sorted().toArray();
            int n = perSecond.length;
            return new Seconds(
                    n == 0 ? 0 : perSecond[n / 2],
                    n == 0 ? 0 : perSecond[(int) (0.9 * (n - 1))],
                    n == 0 ? 0 : perSecond[n - 1],
                    gc,
                    busyIn[1],
                    all[1],
                    busyIn[0],
                    all[0]);
        }

        static void report(List<double[]> samples, List<long[]> windows) {
            Seconds s = summarise(samples, windows);
            System.out.printf(
                    Locale.ROOT,
                    "store (its /metrics each second): remote-write handler s/s p50=%.2f p90=%.2f max=%.2f; GC cycles=%.0f;"
                            + " a second over %.1f s/s while written: %d of %d windows stored after 1 s, %d of %d"
                            + " within it%n",
                    s.p50(),
                    s.p90(),
                    s.max(),
                    s.gcCycles(),
                    BUSY_SECONDS,
                    s.slowBusy(),
                    s.slow(),
                    s.fastBusy(),
                    s.fast());
        }
    }

    /**
     * The load benchmarks' HTTP client: HTTP/1.1, a connection per request in flight, as Prometheus' remote-write
     * shards, the OpenTelemetry exporters and browsers send over plain http (none of them upgrades to HTTP/2). The
     * JDK client's default, HTTP/2, upgrades (h2c) with our services' Vert.x and not with the Go peers: every sender
     * would share one multiplexed connection to our side only, and the targets would not be measured alike.
     */
    static HttpClient http11(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
    }

    /** The gateway's push API and the query frontend's tenant-scoped query API, with the tenant's key. */
    static final class Api {
        // so that --connections are connections
        private final HttpClient http = http11(Duration.ofSeconds(2));
        private final String gateway;
        private final String queries;
        private final String key;

        Api(String gateway, String queries, String key) {
            this.gateway = gateway;
            this.queries = queries;
            this.key = key;
        }

        int push(String body) throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "/api/v1/push"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }

        JsonNode query(String promql, long atMs) throws IOException, InterruptedException {
            HttpResponse<String> r = instantQuery(http, queries, promql, atMs, key);
            if (r.statusCode() != 200) {
                throw new IOException("query " + promql + " answered " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body()).path("data").path("result");
        }

        double scalar(String promql) throws IOException, InterruptedException {
            JsonNode result = query(promql, System.currentTimeMillis());
            return result.isEmpty() ? 0 : result.get(0).path("value").get(1).asDouble();
        }

        Map<String, Double> byLabel(String promql, String label) throws IOException, InterruptedException {
            Map<String, Double> out = new TreeMap<>();
            for (JsonNode row : query(promql, System.currentTimeMillis())) {
                out.put(
                        row.path("metric").path(label).asText(),
                        row.path("value").get(1).asDouble());
            }
            return out;
        }
    }

    /** An instant query of the Prometheus HTTP API at {@code base}, with a bearer key unless it is null. */
    static HttpResponse<String> instantQuery(HttpClient http, String base, String promql, long atMs, String key)
            throws IOException, InterruptedException {
        String uri = base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&time="
                + String.format(Locale.ROOT, "%d.%03d", atMs / 1000, atMs % 1000);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
