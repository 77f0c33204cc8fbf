package dev.pulseboard.deploy.loadgen;

import java.util.Map;
import java.util.TreeMap;

/** One synthetic sample in the gateway's JSON push vocabulary (type: counter, gauge, histogram, ...). */
public record DemoSample(String name, String type, double value, long timestampMs, Map<String, String> labels) {

    static DemoSample of(String name, String type, double value, long ts, String... kv) {
        Map<String, String> labels = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            labels.put(kv[i], kv[i + 1]);
        }
        return new DemoSample(name, type, value, ts, labels);
    }

    static DemoSample counter(String name, double value, long ts, String... kv) {
        return of(name, "counter", value, ts, kv);
    }

    static DemoSample gauge(String name, double value, long ts, String... kv) {
        return of(name, "gauge", value, ts, kv);
    }

    /** JSON object for POST /api/v1/push. Names and label values here are generator-owned ASCII: no escaping needed. */
    String toJson() {
        StringBuilder sb = new StringBuilder(96)
                .append("{\"name\":\"")
                .append(name)
                .append("\",\"type\":\"")
                .append(type)
                .append("\",\"value\":")
                .append(value)
                .append(",\"timestamp\":")
                .append(timestampMs)
                .append(",\"labels\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append('"')
                    .append(e.getKey())
                    .append("\":\"")
                    .append(e.getValue())
                    .append('"');
        }
        return sb.append("}}").toString();
    }

    /** DogStatsD line with the ingest key as metric-name prefix (how any StatsD client authenticates). */
    String toStatsdLine(String key) {
        String type = "gauge".equals(this.type) ? "g" : "counter".equals(this.type) ? "c" : "h";
        StringBuilder sb = new StringBuilder(64)
                .append(key)
                .append('.')
                .append(name)
                .append(':')
                .append(value)
                .append('|')
                .append(type);
        if (!labels.isEmpty()) {
            sb.append("|#");
            boolean first = true;
            for (Map.Entry<String, String> e : labels.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append(e.getKey()).append(':').append(e.getValue());
            }
        }
        return sb.toString();
    }
}
