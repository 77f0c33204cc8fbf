package dev.pulseboard.query.metadata;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus metadata of a tenant's metric families, derived from nothing but the names of its stored series and
 * the store naming of docs/metrics.md (ADR 006). Pure. Key = family name as Prometheus' /api/v1/metadata reports it:
 * a histogram's or summary's name without {@code _bucket}/{@code _sum}/{@code _count}, every other series its own name.
 *
 * <ul>
 *   <li>{@code x_total}: counter; {@code x_bucket}, {@code x_sum}, {@code x_count}: histogram {@code x}.</li>
 *   <li>{@code x_sum} and {@code x_count} without {@code x_bucket}: a summary {@code x} as a client sent it (its
 *       {@code x{quantile}} series included; the pipeline writes no {@code _sum}/{@code _count} without buckets).</li>
 *   <li>{@code x} with {@code x:1s_min} or {@code x:1s_max} beside it: gauge; those two (and {@code :r_avg}) are
 *       gauges too.</li>
 *   <li>{@code x:1s_quantile}: gauge, not summary: each point is the quantile of one window alone (ADR 006, 5), it is
 *       neither cumulative nor a client summary.</li>
 *   <li>A rollup ({@code :1m}, {@code :5m}, {@code :1h} appended) has its 1 s series' type, judged among the names of
 *       the same resolution; a histogram rollup's family is {@code x:5m} (from {@code x_bucket:5m}, ...).</li>
 *   <li>Any other name is unknown: a counter not named {@code _total} and a set's distinct count are both stored
 *       under the plain name, and the name cannot tell them apart.</li>
 * </ul>
 * Names of one family that suggest different types (a name can have series of different types) make it unknown.
 */
public final class MetricFamilies {
    /** What Prometheus reports in {@code type}; {@link #wireName()} is its spelling. */
    public enum Type {
        COUNTER,
        GAUGE,
        HISTOGRAM,
        SUMMARY,
        UNKNOWN;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One family's entry; the unit is always empty (nothing in a name states it reliably). */
    public record Metadata(Type type, String help) {}

    /** Gauge statistics and per-window quantiles the pipeline derives: {@code x:1s_max}, {@code x:5m_quantile}. */
    private static final Pattern WINDOW_STAT = Pattern.compile("(.+):(1s|1m|5m|1h)_(min|max|avg|quantile)");
    /** A rollup of a 1 s series: {@code x:1m}, {@code x_bucket:1h}. */
    private static final Pattern ROLLUP = Pattern.compile("(.+):(1m|5m|1h)");

    private static final String DERIVED = " Type derived from the series name by Pulseboard's naming conventions.";

    private MetricFamilies() {}

    /** The metadata of every family {@code names} (a tenant's values of {@code __name__}) belong to, by family name. */
    public static SortedMap<String, Metadata> of(Collection<String> names) {
        Set<String> all = Set.copyOf(names);
        SortedMap<String, Metadata> families = new TreeMap<>();
        for (String name : all) {
            Family f = familyOf(name, all);
            families.merge(f.name(), f.metadata(), MetricFamilies::agree);
        }
        return families;
    }

    private record Family(String name, Metadata metadata) {}

    private static Metadata agree(Metadata a, Metadata b) {
        return a.type() == b.type()
                ? a
                : new Metadata(Type.UNKNOWN, "Series names of this family suggest different types." + DERIVED);
    }

    private static Family familyOf(String name, Set<String> all) {
        Matcher stat = WINDOW_STAT.matcher(name);
        if (stat.matches()) {
            return new Family(name, windowStat(stat.group(1), stat.group(2), stat.group(3)));
        }
        Matcher rollup = ROLLUP.matcher(name);
        boolean isRollup = rollup.matches();
        String base = isRollup ? rollup.group(1) : name;
        String resolution = isRollup ? rollup.group(2) : "1s";
        String suffix = isRollup ? ":" + resolution : "";
        Family f = baseFamily(base, resolution, n -> all.contains(n + suffix), all);
        return new Family(f.name() + suffix, f.metadata());
    }

    /**
     * The family of a series name without its rollup suffix; {@code same} tells whether a name exists at the same
     * resolution (with the same rollup suffix).
     */
    private static Family baseFamily(String base, String resolution, Predicate<String> same, Set<String> all) {
        String rollup = "1s".equals(resolution) ? "" : " (" + resolution + " rollup)";
        Family part = partOfFamily(base, rollup, same);
        if (part != null) {
            return part;
        }
        if (base.endsWith("_total")) {
            return new Family(base, help(Type.COUNTER, "Counter" + rollup + ": a total, for rate() and increase()."));
        }
        if (same.test(base + "_sum") && same.test(base + "_count") && !same.test(base + "_bucket")) {
            return new Family(base, summary(rollup));
        }
        if (all.contains(base + ":" + resolution + "_min") || all.contains(base + ":" + resolution + "_max")) {
            return new Family(base, help(Type.GAUGE, "Gauge" + rollup + ": the last value of each window."));
        }
        String text = "A counter not named _total or a set's distinct members per window" + rollup + ": the name does"
                + " not tell which.";
        return new Family(base, help(Type.UNKNOWN, text));
    }

    /** A {@code _bucket}, {@code _sum} or {@code _count} series as part of its histogram or summary; else null. */
    private static Family partOfFamily(String base, String rollup, Predicate<String> same) {
        for (String part : new String[] {"_bucket", "_sum", "_count"}) {
            if (base.endsWith(part)) {
                String family = base.substring(0, base.length() - part.length());
                if (same.test(family + "_bucket")) {
                    return new Family(family, histogram(rollup));
                }
                if (same.test(family + "_sum") && same.test(family + "_count")) {
                    return new Family(family, summary(rollup));
                }
            }
        }
        return null;
    }

    private static Metadata windowStat(String base, String resolution, String stat) {
        String text = switch (stat) {
            case "min" -> "Gauge: the minimum of gauge " + base + " in each " + resolution + " window.";
            case "max" -> "Gauge: the maximum of gauge " + base + " in each " + resolution + " window.";
            case "avg" -> "Gauge: the mean of gauge " + base + "'s samples in each " + resolution + " window.";
            default ->
                "Gauge: quantiles (label quantile) of " + base + "'s observations in each " + resolution
                        + " window alone; over ranges use histogram_quantile() on " + base + "_bucket.";
        };
        return help(Type.GAUGE, text);
    }

    private static Metadata histogram(String rollup) {
        return help(
                Type.HISTOGRAM,
                "Histogram" + rollup + ": cumulative _bucket{le}, _sum and _count, for histogram_quantile() over"
                        + " rate() of the buckets.");
    }

    private static Metadata summary(String rollup) {
        return help(Type.SUMMARY, "Summary" + rollup + " as sent: {quantile} values, cumulative _sum and _count.");
    }

    private static Metadata help(Type type, String text) {
        return new Metadata(type, text + DERIVED);
    }
}
