package dev.pulseboard.tenant.provisioning.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulseboard.contract.tenant.TenantId;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;

/**
 * The one datasource of a tenant's Grafana organisation: Prometheus at the tenant-scoped query API, authenticated with
 * {@code Authorization: Bearer <read key of the tenant>} as a custom HTTP header ({@code jsonData.httpHeaderName1},
 * value in {@code secureJsonData.httpHeaderValue1}, which Grafana stores encrypted and never returns). The id of the
 * key it carries is in {@code jsonData.pulseboardKeyId}: Grafana hands jsonData back, so a run can tell which key the
 * datasource holds without ever reading the key.
 */
final class TenantDatasource {
    /** Shown in Grafana's datasource picker; the same name as deploy/grafana's provisioning file. */
    static final String NAME = "Pulseboard";

    static final String KEY_ID_FIELD = "pulseboardKeyId";
    private static final String HEADER_NAME_FIELD = "httpHeaderName1";
    private static final String HEADER_VALUE_FIELD = "httpHeaderValue1";
    private static final String HTTP_METHOD = "POST";
    /** Series are written every second: the smallest step worth asking for. */
    private static final String TIME_INTERVAL = "1s";

    private TenantDatasource() {}

    /** Unique within the tenant's organisation; the tenant id is a valid uid (at most 40 of [a-z0-9-]). */
    static String uid(TenantId tenant) {
        return tenant.value();
    }

    /** The create/update body, carrying {@code key}. */
    static ObjectNode desired(ObjectMapper json, TenantId tenant, URI queryUrl, ReadKey key) {
        ObjectNode datasource = json.createObjectNode()
                .put("uid", uid(tenant))
                .put("name", NAME)
                .put("type", "prometheus")
                .put("access", "proxy")
                .put("url", queryUrl.toString())
                .put("isDefault", true)
                .put("basicAuth", false);
        datasource
                .putObject("jsonData")
                .put(HEADER_NAME_FIELD, "Authorization")
                .put("httpMethod", HTTP_METHOD)
                .put("timeInterval", TIME_INTERVAL)
                .put(KEY_ID_FIELD, key.id().toString());
        datasource.putObject("secureJsonData").put(HEADER_VALUE_FIELD, "Bearer " + key.secret());
        return datasource;
    }

    /**
     * The id of the key the existing datasource carries, when it is in every other respect the desired one (and has
     * its header value set); empty when it must be written again.
     */
    static Optional<UUID> keyInPlace(JsonNode existing, TenantId tenant, URI queryUrl) {
        JsonNode jsonData = existing.path("jsonData");
        boolean inPlace = uid(tenant).equals(existing.path("uid").asText())
                && NAME.equals(existing.path("name").asText())
                && "prometheus".equals(existing.path("type").asText())
                && "proxy".equals(existing.path("access").asText())
                && queryUrl.toString().equals(existing.path("url").asText())
                && existing.path("isDefault").asBoolean(false)
                && !existing.path("basicAuth").asBoolean(false)
                && "Authorization".equals(jsonData.path(HEADER_NAME_FIELD).asText())
                && HTTP_METHOD.equals(jsonData.path("httpMethod").asText())
                && TIME_INTERVAL.equals(jsonData.path("timeInterval").asText())
                && existing.path("secureJsonFields").path(HEADER_VALUE_FIELD).asBoolean(false);
        if (!inPlace) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(jsonData.path(KEY_ID_FIELD).asText()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
