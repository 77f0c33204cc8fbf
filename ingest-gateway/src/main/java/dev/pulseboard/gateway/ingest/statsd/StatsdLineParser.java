package dev.pulseboard.gateway.ingest.statsd;

import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.wire.v1.MetricType;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure parser of one StatsD / DogStatsD line: {@code name:value[:value...]|type[|@rate][|#k:v,...][|T<secs>]}.
 * Types c g ms h s d; DogStatsD v1.1 multi-values, v1.3 timestamps; unknown extra fields (e.g. v1.2
 * {@code |c:<container>}) are ignored as DogStatsD agents do. A gauge value with a sign ({@code +3|g}, {@code -3|g})
 * is a change to the gauge's current value, as in statsd (the pipeline applies it, docs/metrics.md); a multi-value
 * gauge line is all changes or all values. Error messages never quote the line: it may carry a key.
 */
public final class StatsdLineParser {
    private StatsdLineParser() {}

    public static StatsdParseResult parse(String line) {
        ErrorId datadogOnly = datadogNonMetric(line);
        if (datadogOnly != null) {
            return StatsdParseResult.error(
                    datadogOnly.id(), "DogStatsD events and service checks are not stored; only metrics are");
        }
        int colon = line.indexOf(':');
        int bar = line.indexOf('|');
        if (colon <= 0 || bar < 0 || bar < colon) {
            return StatsdParseResult.error(ErrorId.STATSD_LINE_MALFORMED.id(), "expected name:value|type");
        }
        int typeEnd = line.indexOf('|', bar + 1);
        String typeCode = line.substring(bar + 1, typeEnd < 0 ? line.length() : typeEnd);
        MetricType type = type(typeCode);
        if (type == null) {
            return StatsdParseResult.error(
                    ErrorId.STATSD_TYPE_UNKNOWN.id(),
                    "type '" + abbreviate(typeCode) + "' is none of c, g, ms, h, s, d");
        }
        Fields fields = new Fields();
        if (typeEnd >= 0 && !fields.parse(line, typeEnd + 1)) {
            return StatsdParseResult.error(ErrorId.STATSD_LINE_MALFORMED.id(), "unparseable @rate or T timestamp");
        }
        String name = line.substring(0, colon);
        String value = line.substring(colon + 1, bar);
        if (type == MetricType.SET) {
            return value.isEmpty()
                    ? StatsdParseResult.error(ErrorId.STATSD_VALUE_INVALID.id(), "set line has no member")
                    : StatsdParseResult.ok(new StatsdLine(
                            name, type, new double[0], false, value, fields.rate, fields.tags, fields.timestampSecs));
        }
        return values(name, type, value, fields);
    }

    private static StatsdParseResult values(String name, MetricType type, String value, Fields fields) {
        String[] parts = value.split(":", -1);
        double[] values = new double[parts.length];
        boolean delta = type == MetricType.GAUGE && signed(parts[0]);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (type == MetricType.GAUGE && signed(p) != delta) {
                return StatsdParseResult.error(
                        ErrorId.STATSD_VALUE_INVALID.id(),
                        "a multi-value gauge line mixes changes (+n/-n) and values; send them on separate lines");
            }
            if (!StatsdNumbers.isDecimal(p)) {
                return StatsdParseResult.error(
                        ErrorId.STATSD_VALUE_INVALID.id(), "value '" + abbreviate(p) + "' is not a number");
            }
            values[i] = Double.parseDouble(p);
        }
        return StatsdParseResult.ok(
                new StatsdLine(name, type, values, delta, null, fields.rate, fields.tags, fields.timestampSecs));
    }

    private static boolean signed(String value) {
        return !value.isEmpty() && (value.charAt(0) == '+' || value.charAt(0) == '-');
    }

    /** A DogStatsD event ({@code _e{...}}) or service check ({@code _sc|...}), which are not metrics; else null. */
    public static ErrorId datadogNonMetric(String line) {
        if (line.startsWith("_e{")) {
            return ErrorId.STATSD_EVENT_UNSUPPORTED;
        }
        if (line.startsWith("_sc|")) {
            return ErrorId.STATSD_SERVICE_CHECK_UNSUPPORTED;
        }
        return null;
    }

    static MetricType type(String code) {
        return switch (code) {
            case "c" -> MetricType.COUNTER;
            case "g" -> MetricType.GAUGE;
            case "ms" -> MetricType.TIMER;
            case "h" -> MetricType.HISTOGRAM;
            case "s" -> MetricType.SET;
            case "d" -> MetricType.DISTRIBUTION;
            default -> null;
        };
    }

    static String abbreviate(String s) {
        return s.length() <= 32 ? s : s.substring(0, 32) + "...";
    }

    /** The optional |-separated fields after the type. */
    private static final class Fields {
        double rate;
        long timestampSecs = -1;
        List<String[]> tags = List.of();

        boolean parse(String line, int from) {
            int start = from;
            while (start <= line.length()) {
                int end = line.indexOf('|', start);
                String field = line.substring(start, end < 0 ? line.length() : end);
                if (!field(field)) {
                    return false;
                }
                if (end < 0) {
                    return true;
                }
                start = end + 1;
            }
            return true;
        }

        private boolean field(String f) {
            if (f.startsWith("@")) {
                String r = f.substring(1);
                if (!StatsdNumbers.isDecimal(r)) {
                    return false;
                }
                rate = Double.parseDouble(r);
            } else if (f.startsWith("#")) {
                tags = tags(f.substring(1));
            } else if (f.startsWith("T")) {
                String t = f.substring(1);
                if (t.isEmpty() || !t.chars().allMatch(Character::isDigit) || t.length() > 12) {
                    return false;
                }
                timestampSecs = Long.parseLong(t);
            }
            return true;
        }

        private static List<String[]> tags(String list) {
            List<String[]> out = new ArrayList<>();
            for (String tag : list.split(",")) {
                int colon = tag.indexOf(':');
                if (colon > 0 && colon < tag.length() - 1) {
                    out.add(new String[] {tag.substring(0, colon), tag.substring(colon + 1)});
                }
            }
            return out;
        }
    }
}
