package dev.pulseboard.tenant.provisioning.grafana;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The calls of Grafana's HTTP API the reconciler makes, each as Grafana's documentation describes it (links at each
 * method; the tests replay the documented requests and responses). Every call authenticates as a Grafana server admin
 * with basic auth: the admin organisations API ({@code /api/orgs}) accepts nothing else. Calls inside a tenant's
 * organisation name it with {@code X-Grafana-Org-Id}.
 *
 * <p>The JDK's HTTP client, not the Quarkus REST client: the reconciler and this client are tested as plain classes
 * against WireMock, and the REST client's implementations are generated at Quarkus build time (ADR 013).
 */
public final class GrafanaClient {
    /** https://grafana.com/docs/grafana/latest/developer-resources/api-reference/http-api/authentication/ */
    static final String ORG_HEADER = "X-Grafana-Org-Id";

    private static final int MAX_MESSAGE = 200;

    private final URI base;
    private final String authorization;
    private final GrafanaSettings settings;
    private final HttpClient http;
    private final ObjectMapper json;

    public GrafanaClient(GrafanaSettings settings, ObjectMapper json) {
        this.settings = settings;
        this.base = URI.create(settings.url().toString().replaceAll("/+$", "") + "/");
        this.authorization = "Basic "
                + Base64.getEncoder()
                        .encodeToString((settings.adminUser() + ":" + settings.adminPassword())
                                .getBytes(StandardCharsets.UTF_8));
        // HTTP/1.1: Grafana serves it; the JDK client's default h2c upgrade attempt buys nothing for a few calls per
        // run.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .build();
        this.json = json;
    }

    /** {@code GET /api/orgs/name/:orgName} (admin organisations API): the organisation's id, empty when unknown. */
    public OptionalLong orgIdByName(String name) {
        return send("GET", "api/orgs/name/" + segment(name), null, null, true)
                .map(body -> OptionalLong.of(body.path("id").asLong()))
                .orElse(OptionalLong.empty());
    }

    /**
     * {@code POST /api/orgs {"name"}}: the new organisation's id. Grafana makes the calling admin an Admin of it. The
     * documented example answers {@code "orgId"} as a string, the tutorial as a number: both are read.
     */
    public long createOrg(String name) {
        ObjectNode body = json.createObjectNode().put("name", name);
        JsonNode answer = send("POST", "api/orgs", null, body, false).orElseThrow();
        long id = answer.path("orgId").asLong(0);
        if (id <= 0) {
            throw new GrafanaException("creating organisation " + name + ": answer without orgId", 200, null);
        }
        return id;
    }

    /** {@code GET /api/orgs/:orgId/users}: the logins of the organisation's members. */
    public Set<String> orgUserLogins(long orgId) {
        Set<String> logins = new LinkedHashSet<>();
        send("GET", "api/orgs/" + orgId + "/users", null, null, false)
                .ifPresent(users ->
                        users.forEach(user -> logins.add(user.path("login").asText())));
        return logins;
    }

    /** {@code POST /api/orgs/:orgId/users {"loginOrEmail","role"}}. */
    public void addOrgUser(long orgId, String loginOrEmail, String role) {
        ObjectNode body =
                json.createObjectNode().put("loginOrEmail", loginOrEmail).put("role", role);
        send("POST", "api/orgs/" + orgId + "/users", null, body, false);
    }

    /** {@code DELETE /api/orgs/:orgId}: the organisation with its datasources and dashboards. */
    public void deleteOrg(long orgId) {
        send("DELETE", "api/orgs/" + orgId, null, null, false);
    }

    /** {@code GET /api/datasources/uid/:uid} in the organisation; empty when it has none with this uid. */
    public Optional<JsonNode> datasource(long orgId, String uid) {
        return send("GET", "api/datasources/uid/" + segment(uid), orgId, null, true);
    }

    /** {@code POST /api/datasources} in the organisation. */
    public void createDatasource(long orgId, ObjectNode datasource) {
        send("POST", "api/datasources", orgId, datasource, false);
    }

    /** {@code PUT /api/datasources/uid/:uid} in the organisation. */
    public void updateDatasource(long orgId, String uid, ObjectNode datasource) {
        send("PUT", "api/datasources/uid/" + segment(uid), orgId, datasource, false);
    }

    /** {@code GET /api/dashboards/uid/:uid} in the organisation: its "dashboard" model, empty when there is none. */
    public Optional<JsonNode> dashboard(long orgId, String uid) {
        return send("GET", "api/dashboards/uid/" + segment(uid), orgId, null, true)
                .map(answer -> answer.path("dashboard"));
    }

    /**
     * {@code POST /api/dashboards/db} in the organisation with {@code "overwrite": true}: creates the dashboard, or
     * replaces the one with the same uid ({@code "id": null}, as the documentation has it for a new dashboard).
     */
    public void saveDashboard(long orgId, ObjectNode dashboard, String message) {
        ObjectNode model = dashboard.deepCopy();
        model.putNull("id");
        ObjectNode body = json.createObjectNode();
        body.set("dashboard", model);
        body.put("message", message);
        body.put("overwrite", true);
        send("POST", "api/dashboards/db", orgId, body, false);
    }

    private Optional<JsonNode> send(String method, String path, Long orgId, ObjectNode body, boolean notFoundIsEmpty) {
        String call = method + " /" + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(settings.timeout())
                .header("Authorization", authorization)
                .header("Accept", "application/json");
        if (orgId != null) {
            request.header(ORG_HEADER, Long.toString(orgId));
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new GrafanaException("Grafana unreachable (" + call + ")", 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GrafanaException("interrupted (" + call + ")", 0, e);
        }
        int status = response.statusCode();
        if (status == 404 && notFoundIsEmpty) {
            return Optional.empty();
        }
        JsonNode answer = parse(response.body());
        if (status / 100 != 2) {
            String message = answer.path("message").asText("");
            throw new GrafanaException(
                    call + " answered " + status + (message.isEmpty() ? "" : ": " + shorten(message)), status, null);
        }
        return Optional.of(answer);
    }

    private byte[] bytes(ObjectNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a Grafana request", e);
        }
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    private static String shorten(String message) {
        String oneLine = message.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_MESSAGE ? oneLine : oneLine.substring(0, MAX_MESSAGE) + "…";
    }

    /** A path segment: RFC 3986 unreserved characters as they are, every other byte percent-encoded. */
    static String segment(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)));
                out.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
