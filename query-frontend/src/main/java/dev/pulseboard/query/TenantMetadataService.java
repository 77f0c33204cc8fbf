package dev.pulseboard.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulseboard.query.metadata.MetricFamilies;
import dev.pulseboard.query.promql.QueryRejectReason;
import dev.pulseboard.query.promql.QueryRejection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code /api/v1/metadata} for one tenant, answered from the tenant's own series names and never from Prometheus'
 * metadata, which describes what Prometheus scraped (the platform's services), carries no tenant label and would show
 * other tenants' metric names. The names are the values of {@code __name__} under the tenant's matcher, asked exactly
 * as {@code /api/v1/label/__name__/values} without parameters asks (TenantQueryService: max-range back from now, the
 * tenant's limits, slots and cache); {@link MetricFamilies} types them by Pulseboard's naming conventions. The answer
 * has Prometheus' shape, families sorted by name; {@code metric}, {@code limit} and {@code limit_per_metric} as in
 * Prometheus. A Prometheus error is passed through as the label-values lookup returned it.
 */
@ApplicationScoped
public class TenantMetadataService {
    private final TenantQueryService queries;
    private final ObjectMapper json;

    public TenantMetadataService(TenantQueryService queries, ObjectMapper json) {
        this.queries = queries;
        this.json = json;
    }

    public PrometheusReply metadata(String tenant, MultivaluedMap<String, String> in) {
        long limit = number(tenant, in, "limit");
        // Read (a non-number is refused as by Prometheus) but without effect: every family here has exactly one entry.
        number(tenant, in, "limit_per_metric");
        String metric = Objects.requireNonNullElse(in.getFirst("metric"), "");
        PrometheusReply names = queries.labelValues(tenant, "__name__", new MultivaluedHashMap<>());
        if (names.status() != 200) {
            return names;
        }
        JsonNode reply = read(names.body());
        List<String> found = new ArrayList<>();
        reply.path("data").forEach(name -> found.add(name.asText()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "success");
        body.put("data", families(found, metric, limit));
        if (reply.has("warnings")) {
            body.put("warnings", reply.get("warnings"));
        }
        try {
            return new PrometheusReply(200, MediaType.APPLICATION_JSON, json.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException("maps of strings are always serialisable", e);
        }
    }

    /** Prometheus' data: family -> [{type, help, unit}], sorted by family, only {@code metric} unless empty. */
    private static Map<String, List<Map<String, String>>> families(List<String> names, String metric, long limit) {
        Map<String, List<Map<String, String>>> data = new LinkedHashMap<>();
        for (Map.Entry<String, MetricFamilies.Metadata> family :
                MetricFamilies.of(names).entrySet()) {
            if (limit >= 0 && data.size() >= limit) {
                break;
            }
            if (metric.isEmpty() || metric.equals(family.getKey())) {
                data.put(family.getKey(), List.of(entry(family.getValue())));
            }
        }
        return data;
    }

    private static Map<String, String> entry(MetricFamilies.Metadata m) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("type", m.type().wireName());
        entry.put("help", m.help());
        entry.put("unit", "");
        return entry;
    }

    /** An integer parameter as Prometheus reads it (Go's strconv.Atoi); -1 when absent, meaning no limit. */
    private long number(String tenant, MultivaluedMap<String, String> in, String name) {
        String value = in.getFirst(name);
        if (value == null || value.isEmpty()) {
            return -1;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw queries.reject(
                    tenant,
                    QueryRejection.of(QueryRejectReason.INVALID, "the " + name + " parameter must be a number"));
        }
    }

    private JsonNode read(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw QueryRejectReason.BACKEND_UNAVAILABLE.exception(
                    "the metrics store answered the metric names unreadably; retry later");
        }
    }
}
