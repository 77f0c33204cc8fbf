package dev.pulseboard.pipeline.aggregation;

import dev.pulseboard.contract.wire.SeriesKey;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Temporality;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The pipeline's accounting of every tenant's samples, written into the tenant's own data so the tenant can see it
 * (docs/metrics.md): {@code pulseboard_samples_total{outcome, reason}}, a counter per outcome - {@code aggregated},
 * {@code late} (sent to metrics-late) and {@code refused} (with the error id as reason) - plus
 * {@code pulseboard_samples_retimed_total} for aggregated samples counted in their arrival window. Counts are
 * collected per window and leave as delta-counter {@link SeriesPartial}s, so they are totalled like any counter and
 * are as exact across restarts as the data.
 */
public final class Accounting {
    public static final String SAMPLES = "pulseboard_samples_total";
    public static final String RETIMED = "pulseboard_samples_retimed_total";
    public static final String AGGREGATED = "aggregated";
    public static final String LATE = "late";
    public static final String REFUSED = "refused";

    private final Map<Key, long[]> counts = new HashMap<>();

    private record Key(String tenant, String name, String outcome, String reason, long windowStart) {}

    public void count(String tenant, String outcome, String reason, long windowStart, long n) {
        add(new Key(tenant, SAMPLES, outcome, reason, windowStart), n);
    }

    public void retimed(String tenant, long windowStart, long n) {
        add(new Key(tenant, RETIMED, "", "", windowStart), n);
    }

    private void add(Key key, long n) {
        if (n > 0) {
            counts.computeIfAbsent(key, k -> new long[1])[0] += n;
        }
    }

    public boolean isEmpty() {
        return counts.isEmpty();
    }

    /** Emits (and forgets) the counts of windows starting before {@code windowStartLimit}. */
    public void flushBefore(long windowStartLimit, Consumer<SeriesPartial> out) {
        for (Iterator<Map.Entry<Key, long[]>> it = counts.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, long[]> e = it.next();
            if (e.getKey().windowStart() < windowStartLimit) {
                out.accept(partial(e.getKey(), e.getValue()[0]));
                it.remove();
            }
        }
    }

    /** Everything counted and not yet emitted, as partials (for operator state); nothing is forgotten. */
    public List<SeriesPartial> snapshot() {
        List<SeriesPartial> out = new ArrayList<>(counts.size());
        counts.forEach((k, v) -> out.add(partial(k, v[0])));
        return out;
    }

    /** Adds back what {@link #snapshot} returned (after a restore). */
    public void restore(Iterable<SeriesPartial> partials) {
        for (SeriesPartial p : partials) {
            SeriesKey.Identity id = SeriesKey.parse(p.seriesKey);
            boolean samples = SAMPLES.equals(id.name());
            add(
                    new Key(
                            id.tenant(),
                            id.name(),
                            samples ? id.labelValues()[0] : "",
                            samples ? id.labelValues()[1] : "",
                            p.windowStart),
                    p.samples);
        }
    }

    static SeriesPartial partial(Key k, long n) {
        List<Label> labels = new ArrayList<>(2);
        if (SAMPLES.equals(k.name())) {
            labels.add(
                    Label.newBuilder().setName("outcome").setValue(k.outcome()).build());
            labels.add(Label.newBuilder().setName("reason").setValue(k.reason()).build());
        }
        SeriesPartial p = SeriesPartial.of(
                SeriesKey.canonical(k.tenant(), k.name(), labels),
                MetricType.COUNTER_VALUE,
                Temporality.DELTA_VALUE,
                k.windowStart());
        p.samples = n;
        p.weight = n;
        p.sum = n;
        p.min = n;
        p.max = n;
        p.last = n;
        p.lastTs = k.windowStart();
        return p;
    }
}
