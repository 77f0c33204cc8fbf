package dev.pulseboard.query.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tenant at its query limits of {@link QueryLoadBenchmark}, in a process of its own: a tenant's client runs on the
 * tenant's machine, not in the process that measures another tenant's latency, and {@code QueryLoadBenchmark} starts
 * this one in a session of its own at a low weight so that on a shared two-core machine its client threads take the
 * CPU the stack and the quiet tenants' viewers leave. What the quiet tenants share with it is then what they share in
 * production: the query frontend and Prometheus.
 *
 * <p>Driven over stdin, one line per slice: {@code run SECONDS} runs {@code --threads} clients, each sending queries
 * back to back for that long (each as heavy as the default limits allow: a 3-hour subquery at 1 s steps, distinct per
 * request so the results cache cannot fold them), and answers one line on stdout, {@code done N refused M} (M: 429,
 * at its concurrency or its budget of Prometheus time), once every query of the slice has been answered. End of input
 * ends it.
 *
 * <p>Usage: {@code HeavyQueryTenant --query http://127.0.0.1:19084 --key-file KEY [--threads 16]}. Loopback only.
 */
public final class HeavyQueryTenant {
    /** The viewers' client (HTTP/1.1, a connection per request in flight), in this process of its own. */
    private static final HttpClient HTTP = QueryLoadBenchmark.HTTP;

    private HeavyQueryTenant() {}

    public static void main(String[] args) throws Exception {
        String frontend =
                QueryLoadBenchmark.loopback(QueryLoadBenchmark.arg(args, "--query", "http://127.0.0.1:19084"));
        String key = Files.readString(Path.of(QueryLoadBenchmark.arg(args, "--key-file", "")))
                .trim();
        int threads = Integer.parseInt(QueryLoadBenchmark.arg(args, "--threads", "16"));
        AtomicLong seq = new AtomicLong();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = commands.readLine(); line != null; line = commands.readLine()) {
            String[] command = line.trim().split("\\s+");
            if (command.length != 2 || !command[0].equals("run")) {
                throw new IllegalArgumentException("expected 'run SECONDS', not " + line);
            }
            long endAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(command[1]));
            AtomicLong done = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread client = new Thread(() -> {
                    while (System.nanoTime() < endAt) {
                        String query = "count_over_time(vector(" + seq.incrementAndGet() + ")[3h:1s])";
                        try {
                            int status = QueryLoadBenchmark.send(
                                    HTTP, frontend + "/api/v1/query", "query=" + QueryLoadBenchmark.enc(query), key);
                            (status == 429 ? refused : done).incrementAndGet();
                        } catch (IOException e) {
                            return; // the frontend went away: the slice reports what was answered
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                });
                client.start();
                clients.add(client);
            }
            for (Thread client : clients) {
                client.join();
            }
            System.out.printf(Locale.ROOT, "done %d refused %d%n", done.get(), refused.get());
            System.out.flush();
        }
    }
}
