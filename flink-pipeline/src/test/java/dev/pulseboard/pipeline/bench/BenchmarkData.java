package dev.pulseboard.pipeline.bench;

import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A realistic mix of series for the pipeline benchmark: per tenant half counters, a quarter gauges, timers and
 * histograms, and a few sets; each series reports {@code perSecond} samples a second. Deterministic (seeded).
 */
final class BenchmarkData {
    /** One series: its name, type and labels; samples get their values here. */
    record Series(String name, MetricType type, List<Label> labels) {}

    private BenchmarkData() {}

    static List<Series> seriesOfTenant(int count) {
        List<Series> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int kind = i % 20;
            String instance = "i-" + (i % 100);
            String route = "r" + (i / 100 % 50);
            if (kind < 10) {
                out.add(series(
                        "bench_requests_total",
                        MetricType.COUNTER,
                        "instance",
                        instance,
                        "route",
                        route,
                        "n",
                        Integer.toString(i)));
            } else if (kind < 15) {
                out.add(series(
                        "bench_cpu_percent",
                        MetricType.GAUGE,
                        "core",
                        Integer.toString(i % 8),
                        "instance",
                        instance,
                        "n",
                        Integer.toString(i)));
            } else if (kind < 18) {
                out.add(series(
                        "bench_latency",
                        MetricType.TIMER,
                        "instance",
                        instance,
                        "route",
                        route,
                        "n",
                        Integer.toString(i)));
            } else if (kind < 19) {
                out.add(series(
                        "bench_payload_bytes", MetricType.HISTOGRAM, "instance", instance, "n", Integer.toString(i)));
            } else {
                out.add(series("bench_users", MetricType.SET, "page", route, "n", Integer.toString(i)));
            }
        }
        return out;
    }

    private static Series series(String name, MetricType type, String... labels) {
        List<Label> ls = new ArrayList<>();
        for (int i = 0; i < labels.length; i += 2) {
            ls.add(Label.newBuilder().setName(labels[i]).setValue(labels[i + 1]).build());
        }
        ls.sort(java.util.Comparator.comparing(Label::getName));
        return new Series(name, type, ls);
    }

    static Sample sample(Series s, long ts, Random random) {
        Sample.Builder b = Sample.newBuilder()
                .setName(s.name())
                .setType(s.type())
                .addAllLabels(s.labels())
                .setTimestampMs(ts);
        switch (s.type()) {
            case COUNTER -> b.setValue(1);
            case GAUGE -> b.setValue(random.nextInt(10_000) / 100.0);
            case TIMER -> b.setValue(1 + random.nextInt(500));
            case HISTOGRAM -> b.setValue(random.nextInt(100_000));
            case SET -> b.setSetMember("u" + random.nextInt(200));
            default -> throw new IllegalStateException(s.type().toString());
        }
        return b.build();
    }
}
