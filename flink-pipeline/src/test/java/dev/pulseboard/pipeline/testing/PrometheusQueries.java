package dev.pulseboard.pipeline.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/** Instant queries against Prometheus' HTTP API ({@code /api/v1/query}). */
public final class PrometheusQueries {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;

    public PrometheusQueries(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** One result row: the series' labels (with {@code __name__}) and its value at the query time. */
    public record Row(Map<String, String> labels, double value) {}

    /** Evaluates {@code promql} at {@code timeMs} (epoch ms) and returns the vector result rows. */
    public java.util.List<Row> query(String promql, long timeMs) throws IOException, InterruptedException {
        String uri = baseUrl + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&time="
                + (timeMs / 1000) + "." + String.format("%03d", timeMs % 1000);
        HttpResponse<String> r =
                http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("query failed: HTTP " + r.statusCode() + " " + r.body());
        }
        JsonNode root = JSON.readTree(r.body());
        java.util.List<Row> rows = new java.util.ArrayList<>();
        for (JsonNode row : root.path("data").path("result")) {
            Map<String, String> labels = new HashMap<>();
            row.path("metric")
                    .fields()
                    .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            rows.add(new Row(labels, Double.parseDouble(row.path("value").get(1).asText())));
        }
        return rows;
    }

    /** {@code __name__ -> value} of the rows of {@link #query}. */
    public Map<String, Double> valuesByName(String promql, long timeMs) throws IOException, InterruptedException {
        Map<String, Double> out = new HashMap<>();
        for (Row row : query(promql, timeMs)) {
            out.put(row.labels().get("__name__"), row.value());
        }
        return out;
    }
}
