package dev.pulseboard.gateway.ingest.otlp;

import java.util.Map;

/**
 * OpenTelemetry metric and attribute names to Prometheus names, as the OpenTelemetry "Prometheus and OpenMetrics
 * compatibility" specification describes: characters outside {@code [a-zA-Z0-9_:]} become {@code _} (repeated ones
 * collapse), a leading digit gets a {@code _}; the unit is appended as a word ({@code s} -> {@code _seconds},
 * {@code By/s} -> {@code _bytes_per_second}, annotations in braces dropped) unless the name already ends with it;
 * monotonic sums end in {@code _total}.
 */
final class OtlpNames {
    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("d", "days"),
            Map.entry("h", "hours"),
            Map.entry("min", "minutes"),
            Map.entry("s", "seconds"),
            Map.entry("ms", "milliseconds"),
            Map.entry("us", "microseconds"),
            Map.entry("ns", "nanoseconds"),
            Map.entry("By", "bytes"),
            Map.entry("KiBy", "kibibytes"),
            Map.entry("MiBy", "mebibytes"),
            Map.entry("GiBy", "gibibytes"),
            Map.entry("TiBy", "tibibytes"),
            Map.entry("KBy", "kilobytes"),
            Map.entry("MBy", "megabytes"),
            Map.entry("GBy", "gigabytes"),
            Map.entry("TBy", "terabytes"),
            Map.entry("m", "meters"),
            Map.entry("V", "volts"),
            Map.entry("A", "amperes"),
            Map.entry("J", "joules"),
            Map.entry("W", "watts"),
            Map.entry("g", "grams"),
            Map.entry("Cel", "celsius"),
            Map.entry("Hz", "hertz"),
            Map.entry("%", "percent"));
    private static final Map<String, String> PER_UNITS =
            Map.of("s", "second", "m", "minute", "h", "hour", "d", "day", "w", "week", "mo", "month", "y", "year");

    private OtlpNames() {}

    /** The stored name of a metric; {@code ratioAllowed}: a unit of "1" becomes "_ratio" (gauges only). */
    static String metricName(String name, String unit, boolean total, boolean ratioAllowed) {
        String base = sanitize(name, true);
        String suffix = unitSuffix(unit, ratioAllowed);
        if (!suffix.isEmpty() && !base.endsWith("_" + suffix)) {
            base = base + "_" + suffix;
        }
        if (total && !base.endsWith("_total")) {
            base = base + "_total";
        }
        return base;
    }

    static String labelName(String key) {
        return sanitize(key, false);
    }

    static String unitSuffix(String unit, boolean ratioAllowed) {
        String u = unit.replaceAll("\\{[^}]*}", "").strip();
        if (u.isEmpty()) {
            return "";
        }
        if ("1".equals(u)) {
            return ratioAllowed ? "ratio" : "";
        }
        int slash = u.indexOf('/');
        if (slash >= 0) {
            String main = word(u.substring(0, slash), UNITS);
            String per = word(u.substring(slash + 1), PER_UNITS);
            if (per.isEmpty()) {
                return main;
            }
            return (main.isEmpty() ? "" : main + "_") + "per_" + per;
        }
        return word(u, UNITS);
    }

    private static String word(String unit, Map<String, String> table) {
        String known = table.get(unit);
        return known != null ? known : sanitize(unit, false).replaceAll("^_+|_+$", "");
    }

    static String sanitize(String name, boolean allowColon) {
        StringBuilder sb = new StringBuilder(name.length() + 1);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '_'
                    || (allowColon && c == ':');
            char out = ok ? c : '_';
            if (out == '_' && !sb.isEmpty() && sb.charAt(sb.length() - 1) == '_' && !ok) {
                continue;
            }
            sb.append(out);
        }
        if (!sb.isEmpty() && sb.charAt(0) >= '0' && sb.charAt(0) <= '9') {
            sb.insert(0, '_');
        }
        return sb.toString();
    }
}
