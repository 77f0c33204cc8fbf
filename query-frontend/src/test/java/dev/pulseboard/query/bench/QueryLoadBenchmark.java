package dev.pulseboard.query.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulseboard.query.ServerTiming;
import dev.pulseboard.query.promql.RewriteResult;
import dev.pulseboard.query.promql.TenantQueryRewriter;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Dashboard viewers against the running stack (docs/benchmarks.md, "Query"). {@code --viewers} viewers, of the demo
 * tenant or spread over the tenants listed in {@code --viewer-tenants} (lines of {@code tenant key-file}; viewer v is
 * of tenant v mod n), each refresh the operations dashboard (dashboards/real-time-operations.json, every panel,
 * 1-hour range, 15 s step, {@code $instance} = All) once a second. Each panel's query goes through the query frontend with the
 * tenant's key, or straight to Prometheus with the tenant matcher written in (by the frontend's own rewriter), each path
 * in slices of its own ({@code --slice-seconds}, default 5) taken in turn, so that neither path's queries wait behind
 * the other's and both see the same machine. Reported: p50/p99 of each path and the ratio (the frontend's enforcement,
 * proxy and results-cache effect: viewers refreshing in the same second share one evaluation through the frontend,
 * never straight to Prometheus).
 *
 * <p>Then the same viewers again while a second tenant ({@code --heavy-key-file}) runs {@code --heavy-threads} queries
 * back to back, each as heavy as the default limits allow (a 3-hour subquery at 1 s steps: 10,801 evaluation steps,
 * query_max_points 11,000; its refusals, at query_max_concurrent or its budget of Prometheus time, are counted), in
 * slices of their own in the same turn: the quiet tenant's p99 beside the one measured alone. The heavy tenant's
 * client runs in a process and session of its own ({@link HeavyQueryTenant}) at nice {@code --heavy-nice} (default
 * 19; the session's weight too), standing in for the machine of its own it would run on; {@code --heavy-nice 0} gives
 * it an equal share.
 *
 * <p>Usage: {@code QueryLoadBenchmark --query http://127.0.0.1:19084 --prometheus http://127.0.0.1:19090 --key-file
 * DEMO_KEY --tenant demo [--viewer-tenants FILE] [--viewers 10] [--seconds 30] [--slice-seconds 5] [--rounds 3]
 * [--phases lockstep|spread] [--heavy-key-file KEY --heavy-threads 16 --heavy-nice 19]}: each round gives each
 * condition {@code --seconds} in all. After a 10 s warm-up; the medians over rounds are the results. Loopback only.
 *
 * <p>{@code --phases lockstep} (the default) starts every viewer's once-a-second refresh at the same instant, the worst
 * case for Prometheus (every tenant's newest step asked at once); {@code spread} starts viewer v at v/viewers of a
 * second, as independent browsers, each refreshing on a timer from its own page load, would.
 */
public final class QueryLoadBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The viewers' client: HTTP/1.1, a connection per request in flight, as browsers (which never upgrade plain http to
     * HTTP/2) and Grafana's Prometheus data source send. The JDK client's default, HTTP/2, would upgrade with the
     * frontend's Vert.x (h2c) and not with Prometheus, putting every viewer's requests on one multiplexed connection
     * on one path only.
     */
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private QueryLoadBenchmark() {}

    /** Which path a phase's viewers ask: the frontend, Prometheus directly, or both, one right after the other. */
    enum Views {
        FRONTEND,
        DIRECT,
        BOTH
    }

    /** One slice of the viewers on {@code views}, beside the heavy tenant unless {@code heavy} is null. */
    @FunctionalInterface
    interface Slice {
        Phase run(HeavyTenant heavy, Views views) throws InterruptedException, IOException;
    }

    /**
     * The tenant at its query limits: {@link HeavyQueryTenant} in a process and session of its own at nice {@code
     * niceness}, its session's weight included ({@code aside}, deploy/aside: {@code nice} alone in this benchmark's
     * session would leave it that session's full weight whenever the viewers wait), as its client would run on a machine of its own (0: an equal share).
     */
    static final class HeavyTenant implements AutoCloseable {
        private final Process process;
        private final BufferedWriter commands;
        private final BufferedReader answers;

        HeavyTenant(String frontend, String keyFile, int threads, int niceness, String aside) throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            process = new ProcessBuilder(
                            "setsid",
                            aside,
                            Integer.toString(niceness),
                            java,
                            "-Xmx128m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            HeavyQueryTenant.class.getName(),
                            "--query",
                            frontend,
                            "--key-file",
                            keyFile,
                            "--threads",
                            Integer.toString(threads))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            commands = process.outputWriter(StandardCharsets.UTF_8);
            answers = process.inputReader(StandardCharsets.UTF_8);
        }

        /** Starts a slice of {@code seconds} of heavy queries. */
        void begin(int seconds) throws IOException {
            commands.write("run " + seconds + "\n");
            commands.flush();
        }

        /** Waits for the slice's end: its queries {done, refused}. */
        long[] end() throws IOException {
            String line = answers.readLine();
            String[] f = line == null ? new String[0] : line.trim().split("\\s+");
            if (f.length != 4 || !f[0].equals("done") || !f[2].equals("refused")) {
                throw new IllegalStateException("the heavy tenant's process answered " + line);
            }
            return new long[] {Long.parseLong(f[1]), Long.parseLong(f[3])};
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

    /** A tenant whose viewers refresh the dashboard: its read key and the panels with its matcher written in. */
    record ViewerTenant(String tenant, String key, List<String> direct) {}

    /**
     * One condition's measurements: the viewers' latencies through the frontend and straight to Prometheus (µs, as the
     * client saw them), and per frontend answer its {@code Server-Timing}: {total µs, µs of it waiting for Prometheus}.
     */
    record Phase(
            List<Long> frontendMicros,
            List<Long> directMicros,
            List<long[]> server,
            long errors,
            long heavyDone,
            long heavyRefused) {
        static final Phase NONE = new Phase(List.of(), List.of(), List.of(), 0, 0, 0);

        /** Both phases' measurements together. */
        Phase plus(Phase other) {
            List<Long> f = new ArrayList<>(frontendMicros);
            f.addAll(other.frontendMicros);
            List<Long> d = new ArrayList<>(directMicros);
            d.addAll(other.directMicros);
            List<long[]> t = new ArrayList<>(server);
            t.addAll(other.server);
            return new Phase(
                    f, d, t, errors + other.errors, heavyDone + other.heavyDone, heavyRefused + other.heavyRefused);
        }
    }

    public static void main(String[] args) throws Exception {
        String frontend = loopback(arg(args, "--query", "http://127.0.0.1:19084"));
        String prometheus = loopback(arg(args, "--prometheus", "http://127.0.0.1:19090"));
        String key = Files.readString(Path.of(arg(args, "--key-file", ".pulseboard/run/demo.key")))
                .trim();
        String tenant = arg(args, "--tenant", "demo");
        int viewers = Integer.parseInt(arg(args, "--viewers", "10"));
        int seconds = Math.min(600, Integer.parseInt(arg(args, "--seconds", "30")));
        String heavyKeyFile = arg(args, "--heavy-key-file", "");
        int heavyThreads = Integer.parseInt(arg(args, "--heavy-threads", "16"));
        int heavyNice = Integer.parseInt(arg(args, "--heavy-nice", "19"));
        String aside = arg(args, "--aside", "deploy/aside");
        int rounds = Integer.parseInt(arg(args, "--rounds", "3"));

        List<String> panels = panelQueries(Path.of(arg(args, "--dashboard", "dashboards/real-time-operations.json")));
        List<ViewerTenant> tenants = new ArrayList<>();
        String viewerTenants = arg(args, "--viewer-tenants", "");
        if (viewerTenants.isEmpty()) {
            tenants.add(viewerTenant(tenant, key, panels));
        } else {
            for (String line : Files.readAllLines(Path.of(viewerTenants))) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 2) {
                    tenants.add(
                            viewerTenant(f[0], Files.readString(Path.of(f[1])).trim(), panels));
                }
            }
        }
        int slice = Math.max(1, Integer.parseInt(arg(args, "--slice-seconds", "5")));
        String phases = arg(args, "--phases", "lockstep");
        if (!phases.equals("lockstep") && !phases.equals("spread")) {
            throw new IllegalArgumentException("--phases is lockstep or spread, not " + phases);
        }
        long phaseStepMs = phases.equals("spread") ? 1000L / viewers : 0;
        System.out.printf(
                Locale.ROOT,
                "%d viewers of %d tenant(s) %s, %d panels each, refreshed every second (%s); per round %d s of each"
                        + " condition in slices of %d s%n",
                viewers,
                tenants.size(),
                tenants.stream().map(ViewerTenant::tenant).toList(),
                panels.size(),
                phases,
                seconds,
                slice);

        run(frontend, prometheus, tenants, panels, viewers, phaseStepMs, 10, null, Views.BOTH); // warm-up
        Slice inSlice =
                (heavy, views) -> run(frontend, prometheus, tenants, panels, viewers, phaseStepMs, slice, heavy, views);
        try (HeavyTenant heavy = heavyKeyFile.isEmpty()
                ? null
                : new HeavyTenant(frontend, heavyKeyFile, heavyThreads, heavyNice, aside)) {
            if (heavy != null) {
                System.out.printf(
                        Locale.ROOT,
                        "the tenant at its query limits: %d clients in a process and session of its own at nice %d%n",
                        heavyThreads,
                        heavyNice);
            }
            rounds(rounds, slice, seconds, heavy, inSlice);
        }
    }

    /** {@code rounds} rounds of every condition, each in slices taken in turn, and the medians over rounds. */
    private static void rounds(int rounds, int slice, int seconds, HeavyTenant heavy, Slice inSlice)
            throws InterruptedException, IOException {
        List<Double> ratios = new ArrayList<>();
        List<Double> overheads = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            // Each round measures, in slices of --slice-seconds taken in turn (the order rotating per slice): the
            // viewers through the frontend alone, the viewers straight to Prometheus alone, and the viewers through
            // the frontend beside the heavy tenant. Each path has slices of its own, so its queries never wait behind
            // the other path's evaluations, which are not part of the load measured; and short slices in turn let
            // the machine's drift (data growing, other work, the JIT) hit every condition alike.
            Phase alone = Phase.NONE;
            Phase straight = Phase.NONE;
            Phase contended = Phase.NONE;
            int conditions = heavy == null ? 2 : 3;
            for (int s = 0; s * slice < seconds; s++) {
                for (int i = 0; i < conditions; i++) {
                    switch ((s + i) % conditions) {
                        case 0 -> alone = alone.plus(inSlice.run(null, Views.FRONTEND));
                        case 1 -> straight = straight.plus(inSlice.run(null, Views.DIRECT));
                        default -> contended = contended.plus(inSlice.run(heavy, Views.FRONTEND));
                    }
                }
            }
            alone = new Phase(
                    alone.frontendMicros(),
                    straight.directMicros(),
                    alone.server(),
                    alone.errors() + straight.errors(),
                    0,
                    0);
            report("round " + round + " alone", alone);
            overheads.add((double) percentile(alone.frontendMicros(), 99) / percentile(alone.directMicros(), 99));
            if (heavy != null) {
                report("round " + round + " beside a tenant at its query limits", contended);
                double ratio =
                        (double) percentile(contended.frontendMicros(), 99) / percentile(alone.frontendMicros(), 99);
                ratios.add(ratio);
                System.out.printf(
                        Locale.ROOT,
                        "round %d: quiet tenant p99 beside the heavy tenant / alone %.2f; heavy tenant %d queries done,"
                                + " %d refused (429: max-concurrent or its Prometheus time)%n",
                        round,
                        ratio,
                        contended.heavyDone(),
                        contended.heavyRefused());
            }
        }
        System.out.printf(Locale.ROOT, "median frontend/direct p99 alone: %.2f (target <= 1.10)%n", median(overheads));
        if (!ratios.isEmpty()) {
            System.out.printf(
                    Locale.ROOT,
                    "median quiet-tenant p99 beside a tenant at its limits / alone: %.2f (target <= 1.10)%n",
                    median(ratios));
        }
    }

    private static Phase run(
            String frontend,
            String prometheus,
            List<ViewerTenant> tenants,
            List<String> panels,
            int viewers,
            long phaseStepMs,
            int seconds,
            HeavyTenant heavy,
            Views views)
            throws InterruptedException, IOException {
        ConcurrentLinkedQueue<Long> viaFrontend = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> straight = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<long[]> server = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        if (heavy != null) {
            heavy.begin(seconds);
        }
        // Each viewer refreshes the whole dashboard once a second, as a browser does: at a fixed rate, a refresh that
        // takes longer than a second delaying the next one rather than overlapping it.
        ScheduledExecutorService browsers = Executors.newScheduledThreadPool(viewers);
        List<ScheduledFuture<?>> viewersRunning = new ArrayList<>();
        for (int v = 0; v < viewers; v++) {
            ViewerTenant viewer = tenants.get(v % tenants.size());
            String key = viewer.key();
            List<String> direct = viewer.direct();
            AtomicLong refreshes = new AtomicLong(v);
            viewersRunning.add(browsers.scheduleAtFixedRate(
                    () -> {
                        // as Grafana and web-ui's time.js ask: end rounded down to the step, start = end - range
                        long end = System.currentTimeMillis() / 1000 / 15 * 15;
                        String window = "&start=" + (end - 3600) + "&end=" + end + "&step=15";
                        boolean frontendFirst = refreshes.getAndIncrement() % 2 == 0;
                        for (int p = 0; p < panels.size(); p++) {
                            String ours = "query=" + enc(panels.get(p)) + window;
                            String theirs = "query=" + enc(direct.get(p)) + window;
                            try {
                                if (views == Views.FRONTEND || (views == Views.BOTH && frontendFirst)) {
                                    timed(viaFrontend, server, errors, frontend + "/api/v1/query_range", ours, key);
                                }
                                if (views != Views.FRONTEND) {
                                    timed(straight, null, errors, prometheus + "/api/v1/query_range", theirs, null);
                                }
                                if (views == Views.BOTH && !frontendFirst) {
                                    timed(viaFrontend, server, errors, frontend + "/api/v1/query_range", ours, key);
                                }
                            } catch (IOException e) {
                                errors.incrementAndGet();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return;
                            }
                        }
                    },
                    v * phaseStepMs,
                    1000,
                    TimeUnit.MILLISECONDS));
        }
        // ends the refreshes after the phase (shutdown cancels periodic tasks)
        ScheduledFuture<?> phaseEnd = browsers.schedule(browsers::shutdown, seconds, TimeUnit.SECONDS);
        if (!browsers.awaitTermination(seconds + 120L, TimeUnit.SECONDS)) {
            browsers.shutdownNow();
        }
        long[] heavyCounts = heavy == null ? new long[2] : heavy.end();
        for (ScheduledFuture<?> viewer : viewersRunning) {
            if (viewer.isDone() && !viewer.isCancelled()) {
                try {
                    viewer.get(); // a refresh that threw stopped its viewer: the phase is not what it claims
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a viewer failed", e.getCause());
                }
            }
        }
        if (!phaseEnd.isDone()) {
            throw new IllegalStateException("the phase did not end");
        }
        return new Phase(
                new ArrayList<>(viaFrontend),
                new ArrayList<>(straight),
                new ArrayList<>(server),
                errors.get(),
                heavyCounts[0],
                heavyCounts[1]);
    }

    /** One request, timed into {@code into}; its Server-Timing into {@code server} unless that is null. */
    private static void timed(
            ConcurrentLinkedQueue<Long> into,
            ConcurrentLinkedQueue<long[]> server,
            AtomicLong errors,
            String url,
            String form,
            String key)
            throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<Void> response = request(HTTP, url, form, key);
        if (response.statusCode() == 200) {
            into.add((System.nanoTime() - t0) / 1000);
            if (server != null) {
                String timing =
                        response.headers().firstValue(ServerTiming.HEADER).orElse("");
                server.add(new long[] {serverMicros(timing, "total"), serverMicros(timing, "prometheus")});
            }
        } else {
            errors.incrementAndGet();
        }
    }

    /** A metric's duration in a Server-Timing header, in µs; -1 when it is not there. */
    static long serverMicros(String header, String metric) {
        double millis = ServerTiming.millis(header, metric);
        return Double.isNaN(millis) ? -1 : Math.round(millis * 1000);
    }

    static int send(HttpClient client, String url, String form, String key) throws IOException, InterruptedException {
        return request(client, url, form, key).statusCode();
    }

    private static HttpResponse<Void> request(HttpClient client, String url, String form, String key)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.discarding());
    }

    private static void report(String phase, Phase p) {
        String direct = p.directMicros().isEmpty()
                ? ""
                : String.format(
                        Locale.ROOT,
                        "; straight to Prometheus %d queries p50 %.1f ms p99 %.1f ms; frontend/direct p50 %.2f p99 %.2f",
                        p.directMicros().size(),
                        percentile(p.directMicros(), 50) / 1000.0,
                        percentile(p.directMicros(), 99) / 1000.0,
                        (double) percentile(p.frontendMicros(), 50) / percentile(p.directMicros(), 50),
                        (double) percentile(p.frontendMicros(), 99) / percentile(p.directMicros(), 99));
        List<Long> serverTotal = p.server().stream().map(t -> t[0]).toList();
        List<Long> waitedForPrometheus = p.server().stream().map(t -> t[1]).toList();
        System.out.printf(
                Locale.ROOT,
                "%s: through the query frontend %d queries p50 %.1f ms p99 %.1f ms (in the frontend, by its"
                        + " Server-Timing: p50 %.1f ms p99 %.1f ms; %d answers waited for Prometheus, p99 %.1f ms)%s;"
                        + " %d errors%n",
                phase,
                p.frontendMicros().size(),
                percentile(p.frontendMicros(), 50) / 1000.0,
                percentile(p.frontendMicros(), 99) / 1000.0,
                percentile(serverTotal, 50) / 1000.0,
                percentile(serverTotal, 99) / 1000.0,
                waitedForPrometheus.stream().filter(m -> m > 0).count(),
                percentile(waitedForPrometheus, 99) / 1000.0,
                direct,
                p.errors());
    }

    /** {@code tenant}'s panels with its matcher written in by the frontend's own rewriter (for the direct path). */
    private static ViewerTenant viewerTenant(String tenant, String key, List<String> panels) {
        TenantQueryRewriter rewriter = new TenantQueryRewriter();
        List<String> direct = new ArrayList<>();
        for (String q : panels) {
            RewriteResult r = rewriter.rewriteQuery(q, tenant);
            if (!(r instanceof RewriteResult.Rewritten rewritten)) {
                throw new IllegalStateException("the dashboard query does not scope: " + q + " -> " + r);
            }
            direct.add(rewritten.query());
        }
        return new ViewerTenant(tenant, key, direct);
    }

    /** Every panel target's expr, with $instance as Grafana sends "All". */
    static List<String> panelQueries(Path dashboard) throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode panel : JSON.readTree(dashboard.toFile()).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                out.add(target.path("expr").asText().replace("$instance", ".*"));
            }
        }
        return out;
    }

    private static long percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return 0;
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double median(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1
                ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String loopback(String url) {
        String host = URI.create(url).getHost();
        if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
            throw new IllegalArgumentException("benchmarks target loopback only, not " + host);
        }
        return url.replaceAll("/+$", "");
    }

    static String arg(String[] args, String name, String fallback) {
        int i = Arrays.asList(args).indexOf(name);
        return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
    }
}
