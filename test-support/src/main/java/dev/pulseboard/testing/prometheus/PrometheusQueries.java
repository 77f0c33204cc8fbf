package dev.pulseboard.testing.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** Instant queries against a Prometheus HTTP API ({@code /api/v1/query}), for assertions on what was stored. */
public final class PrometheusQueries {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;

    public PrometheusQueries(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** One result row: the series' labels (with {@code __name__} when the result keeps it) and its value. */
    public record Row(Map<String, String> labels, double value) {}

    /** Evaluates {@code promql} at {@code timeMs} (epoch ms) and returns the vector (or scalar) result rows. */
    public List<Row> query(String promql, long timeMs) {
        JsonNode data = get(promql, timeMs);
        List<Row> rows = new ArrayList<>();
        if ("scalar".equals(data.path("resultType").asText())) {
            rows.add(new Row(
                    Map.of(), Double.parseDouble(data.path("result").get(1).asText())));
            return rows;
        }
        for (JsonNode row : data.path("result")) {
            Map<String, String> labels = new HashMap<>();
            row.path("metric")
                    .fields()
                    .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            rows.add(new Row(labels, Double.parseDouble(row.path("value").get(1).asText())));
        }
        return rows;
    }

    private JsonNode get(String promql, long timeMs) {
        String uri = baseUrl + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&time="
                + String.format(Locale.ROOT, "%d.%03d", timeMs / 1000, timeMs % 1000);
        try {
            HttpResponse<String> r =
                    http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("query " + promql + " failed: HTTP " + r.statusCode() + " " + r.body());
            }
            return JSON.readTree(r.body()).path("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One series of a range-vector result: its labels and its raw samples (epoch ms -> value), oldest first. */
    public record Series(Map<String, String> labels, NavigableMap<Long, Double> samples) {}

    /** The raw samples of a range-vector selector such as {@code m{tenant="a"}[5m]} evaluated at {@code timeMs}. */
    public List<Series> rawSamples(String rangeSelector, long timeMs) {
        JsonNode data = get(rangeSelector, timeMs);
        List<Series> out = new ArrayList<>();
        for (JsonNode row : data.path("result")) {
            Map<String, String> labels = new HashMap<>();
            row.path("metric")
                    .fields()
                    .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            NavigableMap<Long, Double> samples = new TreeMap<>();
            for (JsonNode v : row.path("values")) {
                samples.put(
                        Math.round(v.get(0).asDouble() * 1000),
                        Double.parseDouble(v.get(1).asText()));
            }
            out.add(new Series(labels, samples));
        }
        return out;
    }

    /** {@code __name__ -> value} of the rows of {@link #query}. */
    public Map<String, Double> valuesByName(String promql, long timeMs) {
        Map<String, Double> out = new HashMap<>();
        for (Row row : query(promql, timeMs)) {
            out.put(row.labels().get("__name__"), row.value());
        }
        return out;
    }

    /** The value of a query expected to return exactly one row, or NaN when it returns none. */
    public double single(String promql, long timeMs) {
        List<Row> rows = query(promql, timeMs);
        if (rows.size() > 1) {
            throw new IllegalStateException(promql + " returned " + rows.size() + " rows: " + rows);
        }
        return rows.isEmpty() ? Double.NaN : rows.get(0).value();
    }
}
