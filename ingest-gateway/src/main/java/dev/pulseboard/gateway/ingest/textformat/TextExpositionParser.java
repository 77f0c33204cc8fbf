package dev.pulseboard.gateway.ingest.textformat;

import dev.pulseboard.contract.prometheus.MetricMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Parser of the Prometheus text exposition format 0.0.4 and OpenMetrics 1.0 text, line by line (docs/ingest.md,
 * "Prometheus text format push"). No kept Java library parses either format (client_java only writes them), so this is
 * written here, to the two published grammars. A line that does not parse is reported with its 1-based number and the
 * parse goes on with the next line; only what makes the whole body untrustworthy is thrown: an OpenMetrics body
 * without its closing {@code # EOF} (truncated) or with content after it. Exemplars are counted, not kept. Messages
 * never quote a label value (it may carry a key).
 */
public final class TextExpositionParser {
    /** Timestamp of a sample line that has none. */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    private static final Pattern FLOAT = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,19}");

    public enum Format {
        PROMETHEUS_0_0_4,
        OPENMETRICS_1_0
    }

    /** One sample line; labels sorted by name. */
    public record TextSample(int line, String name, SortedMap<String, String> labels, double value, long timestampMs) {}

    public record LineError(int line, String message) {}

    public record Parsed(
            List<TextSample> samples,
            Map<String, MetricMetadata.MetricType> types,
            List<LineError> errors,
            int exemplars) {}

    /** The body as a whole cannot be trusted; nothing of it is stored. */
    public static final class MalformedExposition extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedExposition(String message) {
            super(message, null, false, false);
        }
    }

    private TextExpositionParser() {}

    public static Parsed parse(String body, Format format) {
        boolean om = format == Format.OPENMETRICS_1_0;
        List<TextSample> samples = new ArrayList<>();
        Map<String, MetricMetadata.MetricType> types = new HashMap<>();
        List<LineError> errors = new ArrayList<>();
        int exemplars = 0;
        int lineNo = 0;
        int eofLine = 0;
        int start = 0;
        while (start < body.length()) {
            int end = body.indexOf('\n', start);
            if (end < 0) {
                end = body.length();
            }
            String line = body.substring(start, end);
            start = end + 1;
            lineNo++;
            if (eofLine > 0) {
                throw new MalformedExposition("line " + lineNo + ": content after '# EOF' (line " + eofLine + ")");
            }
            if (line.isBlank()) {
                continue;
            }
            try {
                if (line.charAt(0) == '#') {
                    if (om && line.equals("# EOF")) {
                        eofLine = lineNo;
                    } else {
                        comment(line, om, types);
                    }
                } else {
                    Cursor c = new Cursor(line);
                    samples.add(sample(c, lineNo, om));
                    exemplars += c.exemplars;
                }
            } catch (LineException e) {
                errors.add(new LineError(lineNo, "line " + lineNo + ": " + e.getMessage()));
            }
        }
        if (om && eofLine == 0) {
            throw new MalformedExposition(
                    "an OpenMetrics body must end with '# EOF'; this one does not (truncated?), nothing was stored");
        }
        return new Parsed(samples, types, errors, exemplars);
    }

    private static void comment(String line, boolean om, Map<String, MetricMetadata.MetricType> types) {
        Cursor c = new Cursor(line);
        c.pos = 1;
        c.skipBlanks();
        String keyword = c.token();
        if (!keyword.equals("TYPE")) {
            return; // HELP, UNIT and free comments carry nothing Pulseboard stores
        }
        c.skipBlanks();
        String family = c.metricName();
        c.skipBlanks();
        String word = c.token();
        c.skipBlanks();
        if (!c.atEnd()) {
            throw new LineException("unexpected text after the type of '" + family + "'");
        }
        MetricMetadata.MetricType type = typeOf(word, om);
        if (type == null) {
            throw new LineException("unknown metric type '" + clip(word) + "' for '" + family + "'");
        }
        if (types.putIfAbsent(family, type) != null) {
            throw new LineException("a second TYPE line for '" + family + "'");
        }
    }

    private static MetricMetadata.MetricType typeOf(String word, boolean om) {
        return switch (word) {
            case "counter" -> MetricMetadata.MetricType.COUNTER;
            case "gauge" -> MetricMetadata.MetricType.GAUGE;
            case "histogram" -> MetricMetadata.MetricType.HISTOGRAM;
            case "summary" -> MetricMetadata.MetricType.SUMMARY;
            case "untyped" -> om ? null : MetricMetadata.MetricType.UNKNOWN;
            case "unknown" -> om ? MetricMetadata.MetricType.UNKNOWN : null;
            case "gaugehistogram" -> om ? MetricMetadata.MetricType.GAUGEHISTOGRAM : null;
            case "info" -> om ? MetricMetadata.MetricType.INFO : null;
            case "stateset" -> om ? MetricMetadata.MetricType.STATESET : null;
            default -> null;
        };
    }

    private static TextSample sample(Cursor c, int lineNo, boolean om) {
        String name = c.metricName();
        SortedMap<String, String> labels = new TreeMap<>();
        boolean blank = c.skipBlanks();
        if (c.peek() == '{') {
            c.pos++;
            labels(c, labels, name);
            blank = c.skipBlanks();
        }
        if (!blank || c.atEnd()) {
            throw new LineException("expected a space and a value after '" + name + "'");
        }
        double value = value(c.token(), name);
        long timestampMs = NO_TIMESTAMP;
        c.skipBlanks();
        if (!c.atEnd() && c.peek() != '#') {
            timestampMs = timestamp(c.token(), name, om);
            c.skipBlanks();
        }
        if (!c.atEnd()) {
            if (c.peek() != '#') {
                throw new LineException("unexpected text after the value of '" + name + "'");
            }
            c.pos++;
            exemplar(c, name);
            c.exemplars++;
        }
        return new TextSample(lineNo, name, labels, value, timestampMs);
    }

    private static void labels(Cursor c, Map<String, String> into, String metric) {
        while (true) {
            c.skipBlanks();
            if (c.peek() == '}') {
                c.pos++;
                return;
            }
            String label = c.labelName(metric);
            c.skipBlanks();
            c.expect('=', "'=' after label '" + label + "' of '" + metric + "'");
            c.skipBlanks();
            c.expect('"', "a quoted value for label '" + label + "' of '" + metric + "'");
            String value = c.quoted(label, metric);
            if (into.put(label, value) != null) {
                throw new LineException("label '" + label + "' appears twice in '" + metric + "'");
            }
            c.skipBlanks();
            if (c.peek() == ',') {
                c.pos++;
            } else if (c.peek() != '}') {
                throw new LineException("expected ',' or '}' after label '" + label + "' of '" + metric + "'");
            }
        }
    }

    private static void exemplar(Cursor c, String metric) {
        c.skipBlanks();
        c.expect('{', "an exemplar's labels after '#' on '" + metric + "'");
        labels(c, new HashMap<>(), metric);
        if (!c.skipBlanks()) {
            throw new LineException("expected the exemplar's value on '" + metric + "'");
        }
        value(c.token(), metric);
        c.skipBlanks();
        if (!c.atEnd()) {
            timestamp(c.token(), metric, true);
            c.skipBlanks();
        }
        if (!c.atEnd()) {
            throw new LineException("unexpected text after the exemplar of '" + metric + "'");
        }
    }

    static double value(String token, String metric) {
        return switch (token.toLowerCase(Locale.ROOT)) {
            case "nan" -> Double.NaN;
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                if (!FLOAT.matcher(token).matches()) {
                    throw new LineException("the value of '" + metric + "' is not a number");
                }
                yield Double.parseDouble(token);
            }
        };
    }

    private static long timestamp(String token, String metric, boolean om) {
        if (om) {
            if (!FLOAT.matcher(token).matches()) {
                throw new LineException("the timestamp of '" + metric + "' is not a number of seconds");
            }
            double seconds = Double.parseDouble(token);
            if (!(Math.abs(seconds) < 9.2e15)) {
                throw new LineException("the timestamp of '" + metric + "' is out of range");
            }
            return Math.round(seconds * 1000.0);
        }
        if (!INTEGER.matcher(token).matches()) {
            throw new LineException("the timestamp of '" + metric + "' is not an integer of milliseconds");
        }
        try {
            return Long.parseLong(token);
        } catch (NumberFormatException e) {
            throw new LineException("the timestamp of '" + metric + "' is out of range");
        }
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /** A refusal of one line; no stack trace (it is an expected outcome, counted per tenant). */
    private static final class LineException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LineException(String message) {
            super(message, null, false, false);
        }
    }

    private static final class Cursor {
        private final String s;
        private int pos;
        private int exemplars;

        Cursor(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char peek() {
            return atEnd() ? '\0' : s.charAt(pos);
        }

        /** Skips spaces and tabs; true when there were any. */
        boolean skipBlanks() {
            int from = pos;
            while (!atEnd() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
            return pos > from;
        }

        String token() {
            int from = pos;
            while (!atEnd() && s.charAt(pos) != ' ' && s.charAt(pos) != '\t') {
                pos++;
            }
            return s.substring(from, pos);
        }

        void expect(char ch, String what) {
            if (peek() != ch) {
                throw new LineException("expected " + what);
            }
            pos++;
        }

        String metricName() {
            int from = pos;
            while (!atEnd() && nameChar(s.charAt(pos), pos == from, true)) {
                pos++;
            }
            if (pos == from) {
                throw new LineException(
                        atEnd() ? "expected a metric name" : "a metric name must start with a letter, '_' or ':'");
            }
            return s.substring(from, pos);
        }

        String labelName(String metric) {
            int from = pos;
            while (!atEnd() && nameChar(s.charAt(pos), pos == from, false)) {
                pos++;
            }
            if (pos == from) {
                throw new LineException("expected a label name in '" + metric + "'");
            }
            return s.substring(from, pos);
        }

        private static boolean nameChar(char ch, boolean first, boolean colon) {
            return (ch >= 'a' && ch <= 'z')
                    || (ch >= 'A' && ch <= 'Z')
                    || ch == '_'
                    || (colon && ch == ':')
                    || (!first && ch >= '0' && ch <= '9');
        }

        /** A label value after its opening quote, with the escapes \\, \" and \n. */
        String quoted(String label, String metric) {
            StringBuilder out = new StringBuilder();
            while (!atEnd()) {
                char ch = s.charAt(pos++);
                if (ch == '"') {
                    return out.toString();
                }
                if (ch == '\\') {
                    if (atEnd()) {
                        break;
                    }
                    char esc = s.charAt(pos++);
                    switch (esc) {
                        case '\\' -> out.append('\\');
                        case '"' -> out.append('"');
                        case 'n' -> out.append('\n');
                        default ->
                            throw new LineException(
                                    "unknown escape in the value of label '" + label + "' of '" + metric + "'");
                    }
                } else {
                    out.append(ch);
                }
            }
            throw new LineException("the value of label '" + label + "' of '" + metric + "' is not closed");
        }
    }
}
