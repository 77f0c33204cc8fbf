package dev.pulseboard.deploy.loadgen;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Sends the demo tenant's live synthetic data through the gateway once a second: the reference design's metrics
 * over HTTP JSON, active sessions over StatsD/UDP. Runs until stopped, or for {@code --duration-seconds}.
 *
 * <p>Usage: {@code SyntheticLoadGenerator --gateway http://127.0.0.1:19081 --statsd 127.0.0.1:19125
 * --key-file path[,path...] [--duration-seconds N]}. Keys are read from files so they never show in a process list;
 * with several, each tenant gets a fleet of its own, sent from a thread of its own (the query benchmark's viewer
 * tenants).
 */
public final class SyntheticLoadGenerator {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String pushUrl;
    private final InetAddress statsdHost;
    private final int statsdPort;
    private final String key;

    SyntheticLoadGenerator(String gateway, String statsd, String key) throws IOException {
        this.pushUrl = gateway + "/api/v1/push";
        String[] hp = statsd.split(":");
        this.statsdHost = InetAddress.getByName(hp[0]);
        this.statsdPort = Integer.parseInt(hp[1]);
        this.key = key;
    }

    public static void main(String[] args) throws Exception {
        String gateway = arg(args, "--gateway", "http://127.0.0.1:19081");
        String statsd = arg(args, "--statsd", "127.0.0.1:19125");
        long duration = Long.parseLong(arg(args, "--duration-seconds", "0"));
        List<Thread> tenants = new ArrayList<>();
        for (String keyFile :
                arg(args, "--key-file", ".pulseboard/run/demo.key").split(",")) {
            String key = Files.readString(Path.of(keyFile)).trim();
            SyntheticLoadGenerator generator = new SyntheticLoadGenerator(gateway, statsd, key);
            Thread t = new Thread(
                    () -> {
                        try {
                            generator.run(duration);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "load " + Path.of(keyFile).getFileName());
            t.start();
            tenants.add(t);
        }
        for (Thread t : tenants) {
            t.join();
        }
    }

    void run(long durationSeconds) throws InterruptedException {
        DemoFleet fleet = new DemoFleet(System.nanoTime());
        long start = System.currentTimeMillis();
        long next = (start / 1000 + 1) * 1000;
        try (DatagramSocket udp = new DatagramSocket()) {
            while (durationSeconds == 0 || System.currentTimeMillis() - start < durationSeconds * 1000) {
                Thread.sleep(Math.max(0, next - System.currentTimeMillis()));
                long now = System.currentTimeMillis();
                push(fleet.tick(now));
                sendStatsd(udp, fleet.sessions(now));
                next += 1000;
            }
        } catch (IOException e) {
            System.err.println("load generator: UDP socket failed: " + e.getMessage());
        }
    }

    private void push(List<DemoSample> samples) {
        String body = samples.stream().map(DemoSample::toJson).collect(Collectors.joining(",", "{\"samples\":[", "]}"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(pushUrl))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                System.err.println("load generator: push answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            System.err.println("load generator: push failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sendStatsd(DatagramSocket udp, List<DemoSample> samples) throws IOException {
        byte[] packet = samples.stream()
                .map(s -> s.toStatsdLine(key))
                .collect(Collectors.joining("\n"))
                .getBytes(StandardCharsets.UTF_8);
        udp.send(new DatagramPacket(packet, packet.length, statsdHost, statsdPort));
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
