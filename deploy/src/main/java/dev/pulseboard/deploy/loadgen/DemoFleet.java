package dev.pulseboard.deploy.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A simulated fleet producing the reference design's metrics: 10 instances over 3 regions. Each call of
 * {@link #tick(long)} returns one second of samples. State (random walks) lives here so the charts look alive
 * but stay within plausible ranges.
 */
public final class DemoFleet {
    static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");
    static final int INSTANCES = 10;
    static final int LATENCY_OBSERVATIONS_PER_INSTANCE = 20;
    /** Method and path of the requests each instance serves: the detail dashboard splits by them. */
    static final List<String[]> ROUTES =
            List.of(new String[] {"GET", "/api/products"}, new String[] {"POST", "/api/orders"}, new String[] {
                "GET", "/api/cart"
            });

    private final Random random;
    private final double[] cpu = new double[INSTANCES];
    private final double[] memory = new double[INSTANCES];
    private final double[] disk = new double[INSTANCES];
    private final double[] sessions = new double[REGIONS.size()];

    public DemoFleet(long seed) {
        random = new Random(seed);
        for (int i = 0; i < INSTANCES; i++) {
            cpu[i] = 30 + random.nextDouble() * 40;
            memory[i] = 2e9 + random.nextDouble() * 2e9;
            disk[i] = 40 + random.nextDouble() * 30;
        }
        for (int r = 0; r < REGIONS.size(); r++) {
            sessions[r] = 500 + random.nextInt(1500);
        }
    }

    public static String instance(int i) {
        return "web-" + (i + 1);
    }

    public static String regionOf(int i) {
        return REGIONS.get(i % REGIONS.size());
    }

    /** Samples sent over HTTP for the second starting at {@code nowMs}. */
    public List<DemoSample> tick(long nowMs) {
        List<DemoSample> out =
                new ArrayList<>(INSTANCES * (LATENCY_OBSERVATIONS_PER_INSTANCE + 2 * ROUTES.size() + 3) + 6);
        for (int i = 0; i < INSTANCES; i++) {
            String inst = instance(i);
            String region = regionOf(i);
            for (String[] route : ROUTES) {
                int requests = 15 + random.nextInt(35);
                int errors = random.nextDouble() < 0.1 ? random.nextInt(4) : random.nextInt(2) * random.nextInt(2);
                out.add(requests(requests - errors, nowMs, inst, region, route, "200"));
                out.add(requests(errors, nowMs, inst, region, route, "500"));
            }
            for (int k = 0; k < LATENCY_OBSERVATIONS_PER_INSTANCE; k++) {
                String[] route = ROUTES.get(k % ROUTES.size());
                // the order path is the slow one, so the detail view's latency by path shows a difference
                double seconds = Math.exp(random.nextGaussian() * 0.6 - (route[1].equals("/api/orders") ? 1.8 : 2.6));
                out.add(DemoSample.of(
                        "http_request_duration_seconds",
                        "histogram",
                        seconds,
                        nowMs,
                        "instance",
                        inst,
                        "region",
                        region,
                        "path",
                        route[1]));
            }
            cpu[i] = walk(cpu[i], 4, 2, 99);
            memory[i] = walk(memory[i], 5e7, 5e8, 8e9);
            disk[i] = walk(disk[i], 0.05, 5, 98);
            out.add(DemoSample.gauge("cpu_usage_percent", cpu[i], nowMs, "instance", inst, "region", region));
            out.add(DemoSample.gauge(
                    "memory_usage_bytes", Math.rint(memory[i]), nowMs, "instance", inst, "region", region));
            out.add(DemoSample.gauge("disk_usage_percent", disk[i], nowMs, "instance", inst, "region", region));
        }
        for (int r = 0; r < REGIONS.size(); r++) {
            double orders = 100 + 60 * Math.sin(nowMs / 60_000.0 + r) + random.nextInt(20);
            out.add(DemoSample.gauge("orders_per_minute", Math.rint(orders), nowMs, "region", REGIONS.get(r)));
            out.add(DemoSample.gauge(
                    "revenue_per_hour", Math.rint(orders * 60 * (35 + 10 * r)), nowMs, "region", REGIONS.get(r)));
        }
        return out;
    }

    private static DemoSample requests(
            int count, long nowMs, String instance, String region, String[] route, String status) {
        return DemoSample.counter(
                "http_requests_total",
                count,
                nowMs,
                "instance",
                instance,
                "region",
                region,
                "method",
                route[0],
                "path",
                route[1],
                "status",
                status);
    }

    /** Active sessions per region: sent over StatsD to exercise that path. */
    public List<DemoSample> sessions(long nowMs) {
        List<DemoSample> out = new ArrayList<>(REGIONS.size());
        for (int r = 0; r < REGIONS.size(); r++) {
            sessions[r] = walk(sessions[r], 25, 50, 5000);
            out.add(DemoSample.gauge("user_sessions_active", Math.rint(sessions[r]), nowMs, "region", REGIONS.get(r)));
        }
        return out;
    }

    private double walk(double value, double step, double min, double max) {
        return Math.max(min, Math.min(max, value + random.nextGaussian() * step));
    }
}
