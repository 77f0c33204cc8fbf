package dev.pulseboard.deploy.loadgen;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Load benchmark of the HTTP push path: {@code --connections} clients post batches of {@code --batch} gauge samples
 * over {@code --series} distinct series to the gateway as fast as it acknowledges them, for {@code --seconds}
 * (bounded: it stops by itself), loopback only. Prints accepted samples/s and the acknowledgement latency
 * percentiles (a 200 means Kafka acknowledged every sample). Samples carry no timestamp, like StatsD lines: the
 * gateway stamps its receive time, so a sample is late in the pipeline only if the gateway itself held it longer
 * than the watermark lag (ADR 002). The body is built once per connection.
 *
 * <p>Usage: {@code IngestLoadBenchmark --gateway http://127.0.0.1:19081 --key-file .pulseboard/run/demo.key
 * [--seconds 20] [--connections 4] [--batch 1000] [--series 10000]}; see docs/benchmarks.md.
 */
public final class IngestLoadBenchmark {
    record Result(long samples, long requests, long failures, long[] latenciesMicros) {}

    public static void main(String[] args) throws Exception {
        String gateway = arg(args, "--gateway", "http://127.0.0.1:19081");
        String host = URI.create(gateway).getHost();
        if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
            throw new IllegalArgumentException("load benchmarks target loopback only, not " + host);
        }
        String key = Files.readString(Path.of(arg(args, "--key-file", ".pulseboard/run/demo.key")))
                .trim();
        int seconds = Math.min(300, Integer.parseInt(arg(args, "--seconds", "20")));
        int connections = Integer.parseInt(arg(args, "--connections", "4"));
        int batch = Integer.parseInt(arg(args, "--batch", "1000"));
        int series = Integer.parseInt(arg(args, "--series", "10000"));
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Future<Result>> futures = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int worker = c;
            futures.add(pool.submit(() -> run(gateway, key, worker, batch, series, deadline)));
        }
        long samples = 0;
        long requests = 0;
        long failures = 0;
        List<long[]> latencies = new ArrayList<>();
        for (Future<Result> f : futures) {
            Result r = f.get();
            samples += r.samples();
            requests += r.requests();
            failures += r.failures();
            latencies.add(r.latenciesMicros());
        }
        pool.shutdown();
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf(
                Locale.ROOT, "connections=%d batch=%d series=%d seconds=%d%n", connections, batch, series, seconds);
        System.out.printf(
                Locale.ROOT,
                "accepted_samples_per_second=%.0f requests=%d failed_requests=%d%n",
                samples / (double) seconds,
                requests,
                failures);
        System.out.printf(
                Locale.ROOT,
                "ack_latency_ms p50=%.1f p99=%.1f max=%.1f%n",
                pct(all, 0.50),
                pct(all, 0.99),
                all.length == 0 ? 0 : all[all.length - 1] / 1000.0);
    }

    private static Result run(String gateway, String key, int worker, int batch, int series, long deadline)
            throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create(gateway + "/api/v1/push");
        long samples = 0;
        long requests = 0;
        long failures = 0;
        long[] latencies = new long[1 << 16];
        String body = body(batch, series, worker * batch);
        while (System.nanoTime() < deadline) {
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            long t0 = System.nanoTime();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            long micros = (System.nanoTime() - t0) / 1000;
            if (requests < latencies.length) {
                latencies[(int) requests] = micros;
            }
            requests++;
            if (response.statusCode() == 200) {
                samples += batch;
            } else {
                failures++;
            }
        }
        return new Result(
                samples, requests, failures, Arrays.copyOf(latencies, (int) Math.min(requests, latencies.length)));
    }

    static String body(int batch, int series, int offset) {
        StringBuilder sb = new StringBuilder(batch * 110).append("{\"samples\":[");
        for (int i = 0; i < batch; i++) {
            int s = (offset + i) % series;
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"name\":\"bench_gauge\",\"type\":\"gauge\",\"value\":")
                    .append(i)
                    .append(",\"labels\":{\"series\":\"s")
                    .append(s)
                    .append("\",\"instance\":\"bench-")
                    .append(s % 10)
                    .append("\"}}");
        }
        return sb.append("]}").toString();
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0
                ? 0
                : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1000.0;
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
