package dev.pulseboard.query.extents;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads and writes Prometheus' query_range answer ({@code {"status":"success","data":{"resultType":"matrix",
 * "result":[{"metric":{...},"values":[[t,"v"],...]}]}}}, then {@code warnings} and {@code infos} when present) the way
 * Prometheus writes it, so that a merged answer is byte for byte what Prometheus would have sent: each series'
 * {@code metric} object is copied as received, values are kept as Prometheus' strings, and times are written as
 * Prometheus' jsonutil.MarshalTimestamp does (whole seconds, then {@code .mmm} only when there are milliseconds).
 * Anything else (errors, other result types, native histograms, unknown members) is not read: the caller then passes
 * Prometheus' answer through. Pure.
 */
final class MatrixJsonCodec {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private MatrixJsonCodec() {}

    /** The matrix of a successful range answer; empty when the body is anything else. */
    static Optional<RangeMatrix> read(byte[] body) {
        try (JsonParser p = JSON.createParser(body)) {
            return Optional.ofNullable(readAnswer(p, body));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static RangeMatrix readAnswer(JsonParser p, byte[] body) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        List<RangeMatrix.Series> series = null;
        List<String> warnings = List.of();
        List<String> infos = List.of();
        boolean success = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "status" -> success = "success".equals(p.getText());
                case "data" -> series = readData(p, body);
                case "warnings" -> warnings = readStrings(p);
                case "infos" -> infos = readStrings(p);
                default -> {
                    return null;
                }
            }
        }
        return success && series != null ? new RangeMatrix(series, warnings, infos) : null;
    }

    private static List<RangeMatrix.Series> readData(JsonParser p, byte[] body) throws IOException {
        List<RangeMatrix.Series> series = null;
        boolean matrix = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("resultType")) {
                matrix = "matrix".equals(p.getText());
            } else if (field.equals("result") && p.currentToken() == JsonToken.START_ARRAY) {
                series = new ArrayList<>();
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    RangeMatrix.Series s = readSeries(p, body);
                    if (s == null) {
                        return null;
                    }
                    series.add(s);
                }
            } else {
                return null;
            }
        }
        return matrix ? series : null;
    }

    private static RangeMatrix.Series readSeries(JsonParser p, byte[] body) throws IOException {
        List<String> labels = null;
        byte[] metric = null;
        long[] times = new long[64];
        List<String> values = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("metric") && p.currentToken() == JsonToken.START_OBJECT) {
                int from = (int) p.currentTokenLocation().getByteOffset();
                labels = new ArrayList<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    labels.add(p.currentName());
                    p.nextToken();
                    labels.add(p.getText());
                }
                int to = (int) p.currentTokenLocation().getByteOffset();
                metric = Arrays.copyOfRange(body, from, to + 1);
            } else if (field.equals("values") && p.currentToken() == JsonToken.START_ARRAY) {
                while (p.nextToken() == JsonToken.START_ARRAY) {
                    p.nextToken();
                    if (values.size() == times.length) {
                        times = Arrays.copyOf(times, times.length * 2);
                    }
                    times[values.size()] = millis(p.getDecimalValue());
                    if (p.nextToken() != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    values.add(p.getText());
                    if (p.nextToken() != JsonToken.END_ARRAY) {
                        return null;
                    }
                }
            } else {
                return null; // native histograms, or something newer than this codec
            }
        }
        if (labels == null) {
            return null;
        }
        return new RangeMatrix.Series(
                List.copyOf(labels), metric, Arrays.copyOf(times, values.size()), values.toArray(String[]::new));
    }

    private static List<String> readStrings(JsonParser p) throws IOException {
        List<String> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.VALUE_STRING) {
            out.add(p.getText());
        }
        return List.copyOf(out);
    }

    private static long millis(BigDecimal seconds) {
        return seconds.movePointRight(3).longValueExact();
    }

    /** The answer Prometheus would write for {@code m}. */
    static byte[] write(RangeMatrix m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + m.series().size() * 256);
        ascii(out, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[");
        for (int i = 0; i < m.series().size(); i++) {
            RangeMatrix.Series s = m.series().get(i);
            ascii(out, i == 0 ? "{\"metric\":" : ",{\"metric\":");
            out.writeBytes(s.metricJson());
            ascii(out, ",\"values\":[");
            for (int j = 0; j < s.times().length; j++) {
                ascii(out, j == 0 ? "[" : ",[");
                ascii(out, timestamp(s.times()[j]));
                ascii(out, ",\"");
                out.writeBytes(s.values()[j].getBytes(StandardCharsets.UTF_8));
                ascii(out, "\"]");
            }
            ascii(out, "]}");
        }
        ascii(out, "]}");
        strings(out, "warnings", m.warnings());
        strings(out, "infos", m.infos());
        ascii(out, "}");
        return out.toByteArray();
    }

    private static void strings(ByteArrayOutputStream out, String name, List<String> texts) {
        if (texts.isEmpty()) {
            return;
        }
        ascii(out, ",\"" + name + "\":[");
        for (int i = 0; i < texts.size(); i++) {
            ascii(out, i == 0 ? "\"" : ",\"");
            out.writeBytes(JsonStringEncoder.getInstance().quoteAsUTF8(texts.get(i)));
            ascii(out, "\"");
        }
        ascii(out, "]");
    }

    /** Prometheus' jsonutil.MarshalTimestamp: seconds, and ".mmm" (three digits) only when there are milliseconds. */
    static String timestamp(long millis) {
        String sign = millis < 0 ? "-" : "";
        long t = Math.abs(millis);
        long fraction = t % 1000;
        return fraction == 0 ? sign + t / 1000 : sign + t / 1000 + "." + String.format(Locale.ROOT, "%03d", fraction);
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
