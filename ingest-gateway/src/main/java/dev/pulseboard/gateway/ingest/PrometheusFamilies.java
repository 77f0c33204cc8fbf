package dev.pulseboard.gateway.ingest;

import dev.pulseboard.contract.prometheus.MetricMetadata;
import java.util.function.Function;

/**
 * Which series of a Prometheus metric family are cumulative counters, for every protocol that carries Prometheus'
 * flat series (remote-write, the text formats): counters, and the {@code _bucket}, {@code _count} and {@code _sum}
 * series of histograms and the {@code _count} and {@code _sum} of summaries. Everything else (gauges, unknown, info,
 * stateset, summary quantiles, gauge histograms) is a gauge. The type comes from the family's metadata; without it,
 * names ending in {@code _total}, {@code _bucket}, {@code _count} or {@code _sum} are counters.
 */
public final class PrometheusFamilies {
    private static final String[] SUFFIXES = {"_total", "_bucket", "_count", "_sum"};

    private PrometheusFamilies() {}

    /**
     * @param typeOf the metadata type of a metric family (by family name), or null when unknown
     */
    public static boolean isCumulative(String name, Function<String, MetricMetadata.MetricType> typeOf) {
        MetricMetadata.MetricType type = typeOf.apply(name);
        String suffix = suffixOf(name);
        if (type == null && suffix != null) {
            type = typeOf.apply(name.substring(0, name.length() - suffix.length()));
        }
        if (type == null) {
            return suffix != null;
        }
        return switch (type) {
            case COUNTER -> true;
            case HISTOGRAM -> suffix != null && !"_total".equals(suffix);
            case SUMMARY -> "_count".equals(suffix) || "_sum".equals(suffix);
            default -> false;
        };
    }

    /** The family a series belongs to: its name without a counter or histogram suffix. */
    public static String familyOf(String name) {
        String suffix = suffixOf(name);
        return suffix == null ? name : name.substring(0, name.length() - suffix.length());
    }

    private static String suffixOf(String name) {
        for (String s : SUFFIXES) {
            if (name.endsWith(s)) {
                return s;
            }
        }
        return null;
    }
}
