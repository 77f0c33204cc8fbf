package dev.pulseboard.contract.webhook;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import dev.pulseboard.contract.wire.v1.MetricType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A tenant's rule for turning an outside system's JSON payload into samples (docs/ingest.md, "Webhooks"), parsed and
 * checked: every path compiles (Jayway JsonPath), names and types are known, sizes are bounded. Its JSON form:
 *
 * <pre>{@code
 * {"items": "$.data[*]",                                  optional: each item yields samples; default the payload
 *  "when": {"path": "$.type", "equals": "payment_intent.succeeded"},   optional: other items are skipped
 *  "time": {"path": "$.created", "format": "unix_s"},    optional (unix_s, unix_ms, rfc3339); default receive time
 *  "labels": {"currency": "$.data.object.currency"},     label name -> path; a missing field leaves the label out
 *  "samples": [{"name": "payments_amount", "type": "counter", "value": "$.data.object.amount", "scale": 0.01},
 *              {"name": "payments", "type": "counter", "value": 1}]}
 * }</pre>
 *
 * Paths are evaluated against each item. Types are those of the JSON batch API: counter (an increment), gauge, timer,
 * histogram, distribution. A value is a path or a number.
 */
public record WebhookMapping(
        JsonPath items, When when, Time time, SortedMap<String, JsonPath> labels, List<SampleRule> samples) {
    public static final int MAX_SAMPLES = 20;
    public static final int MAX_LABELS = 20;

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    public record When(JsonPath path, String equals) {}

    public enum TimeFormat {
        UNIX_S,
        UNIX_MS,
        RFC3339
    }

    public record Time(JsonPath path, TimeFormat format) {}

    /** One sample per item: {@code value} is a path, or null with {@code constant} set. */
    public record SampleRule(String name, MetricType type, JsonPath value, double constant, double scale) {}

    /** The mapping cannot be used; the message names every problem found. */
    public static final class InvalidMapping extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidMapping(String message) {
            super(message, null, false, false);
        }
    }

    /** Parses and checks a mapping; throws {@link InvalidMapping} listing what is wrong. */
    public static WebhookMapping parse(String json) {
        Object doc;
        try {
            doc = Configuration.defaultConfiguration().jsonProvider().parse(json);
        } catch (RuntimeException e) {
            throw new InvalidMapping("the mapping is not JSON");
        }
        if (!(doc instanceof Map<?, ?> root)) {
            throw new InvalidMapping("the mapping must be a JSON object");
        }
        List<String> problems = new ArrayList<>();
        for (Object key : root.keySet()) {
            if (!List.of("items", "when", "time", "labels", "samples").contains(key)) {
                problems.add("unknown field '" + key + "'");
            }
        }
        JsonPath items = root.get("items") == null ? null : path(root.get("items"), "items", problems);
        When when = null;
        if (root.get("when") instanceof Map<?, ?> w) {
            JsonPath p = path(w.get("path"), "when.path", problems);
            if (!(w.get("equals") instanceof String eq)) {
                problems.add("when.equals must be a string");
            } else {
                when = new When(p, eq);
            }
        } else if (root.get("when") != null) {
            problems.add("when must be an object {path, equals}");
        }
        Time time = null;
        if (root.get("time") instanceof Map<?, ?> t) {
            JsonPath p = path(t.get("path"), "time.path", problems);
            Object f = t.get("format") == null ? "unix_s" : t.get("format");
            TimeFormat format = null;
            for (TimeFormat candidate : TimeFormat.values()) {
                if (candidate.name().toLowerCase(Locale.ROOT).equals(f)) {
                    format = candidate;
                }
            }
            if (format == null) {
                problems.add("time.format must be unix_s, unix_ms or rfc3339");
            }
            time = new Time(p, format);
        } else if (root.get("time") != null) {
            problems.add("time must be an object {path, format}");
        }
        SortedMap<String, JsonPath> labels = new TreeMap<>();
        if (root.get("labels") instanceof Map<?, ?> l) {
            if (l.size() > MAX_LABELS) {
                problems.add("at most " + MAX_LABELS + " labels");
            }
            for (Map.Entry<?, ?> e : l.entrySet()) {
                String name = String.valueOf(e.getKey());
                if (!LABEL_NAME.matcher(name).matches()) {
                    problems.add("'" + clip(name) + "' is not a label name");
                }
                labels.put(name, path(e.getValue(), "labels." + clip(name), problems));
            }
        } else if (root.get("labels") != null) {
            problems.add("labels must be an object of label name -> path");
        }
        List<SampleRule> samples = new ArrayList<>();
        if (root.get("samples") instanceof List<?> list && !list.isEmpty() && list.size() <= MAX_SAMPLES) {
            for (int i = 0; i < list.size(); i++) {
                samples.add(sampleRule(list.get(i), "samples[" + i + "]", problems));
            }
        } else {
            problems.add("samples must be a list of 1 to " + MAX_SAMPLES + " {name, type, value}");
        }
        if (!problems.isEmpty()) {
            throw new InvalidMapping(String.join("; ", problems));
        }
        return new WebhookMapping(items, when, time, labels, List.copyOf(samples));
    }

    private static SampleRule sampleRule(Object o, String where, List<String> problems) {
        if (!(o instanceof Map<?, ?> m)) {
            problems.add(where + " must be an object {name, type, value}");
            return null;
        }
        String name = m.get("name") instanceof String n ? n : "";
        if (!METRIC_NAME.matcher(name).matches()) {
            problems.add(where + ".name must be a metric name");
        }
        MetricType type = switch (String.valueOf(m.get("type")).toLowerCase(Locale.ROOT)) {
            case "counter" -> MetricType.COUNTER;
            case "gauge" -> MetricType.GAUGE;
            case "timer" -> MetricType.TIMER;
            case "histogram" -> MetricType.HISTOGRAM;
            case "distribution" -> MetricType.DISTRIBUTION;
            default -> null;
        };
        if (type == null) {
            problems.add(where + ".type must be counter, gauge, timer, histogram or distribution");
        }
        double scale = 1;
        if (m.get("scale") instanceof Number s && Double.isFinite(s.doubleValue()) && s.doubleValue() != 0) {
            scale = s.doubleValue();
        } else if (m.get("scale") != null) {
            problems.add(where + ".scale must be a non-zero number");
        }
        Object value = m.get("value");
        if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            return new SampleRule(name, type, null, n.doubleValue(), scale);
        }
        return new SampleRule(name, type, path(value, where + ".value", problems), 0, scale);
    }

    private static JsonPath path(Object o, String where, List<String> problems) {
        if (!(o instanceof String s) || !s.startsWith("$")) {
            problems.add(where + " must be a JSONPath starting with '$'");
            return null;
        }
        try {
            return JsonPath.compile(s);
        } catch (InvalidPathException | IllegalArgumentException e) {
            problems.add(where + " is not a valid JSONPath: " + clip(String.valueOf(e.getMessage())));
            return null;
        }
    }

    private static String clip(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
