package dev.pulseboard.pipeline.testing;

import dev.pulseboard.contract.limits.HistogramBuckets;
import dev.pulseboard.contract.wire.SeriesKey;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Temporality;
import dev.pulseboard.pipeline.aggregation.SeriesPartial;
import java.util.ArrayList;
import java.util.List;

/** Builds {@link SeriesPartial}s for the keyed aggregator's tests, the way the pre-aggregator would. */
public final class Partials {
    private final String tenant;
    private final String name;
    private final MetricType type;
    private final Temporality temporality;
    private final String[] labels;

    private Partials(String tenant, String name, MetricType type, Temporality temporality, String... labels) {
        this.tenant = tenant;
        this.name = name;
        this.type = type;
        this.temporality = temporality;
        this.labels = labels;
    }

    public static Partials of(String tenant, String name, MetricType type, String... labels) {
        return new Partials(tenant, name, type, Temporality.DELTA, labels);
    }

    public static Partials cumulative(String tenant, String name, String... labels) {
        return new Partials(tenant, name, MetricType.COUNTER, Temporality.CUMULATIVE, labels);
    }

    /**
     * A gauge partial of {@code windowStart} holding StatsD gauge values in order: {@code "+3"} and {@code "-3"} are
     * changes, anything else an absolute value.
     */
    public SeriesPartial gauge(long windowStart, String... values) {
        SeriesPartial p = window(windowStart);
        for (int i = 0; i < values.length; i++) {
            double v = Double.parseDouble(values[i]);
            if (values[i].startsWith("+") || values[i].startsWith("-")) {
                p.addGaugeDelta(v, windowStart + i);
            } else {
                p.add(v, windowStart + i, 1, null, HistogramBuckets.PROMETHEUS_DEFAULT);
            }
        }
        return p;
    }

    /** A partial of {@code windowStart} holding {@code values} (timestamps spread inside the window, in order). */
    public SeriesPartial window(long windowStart, double... values) {
        List<Label> ls = new ArrayList<>();
        for (int i = 0; i < labels.length; i += 2) {
            ls.add(Label.newBuilder().setName(labels[i]).setValue(labels[i + 1]).build());
        }
        SeriesPartial p = SeriesPartial.of(
                SeriesKey.canonical(tenant, name, ls),
                type.getNumber(),
                type == MetricType.COUNTER ? temporality.getNumber() : 0,
                windowStart);
        for (int i = 0; i < values.length; i++) {
            p.add(values[i], windowStart + i, 1, "m" + (long) values[i], HistogramBuckets.PROMETHEUS_DEFAULT);
        }
        return p.seal();
    }
}
