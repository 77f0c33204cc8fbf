package dev.pulseboard.tenant.provisioning.grafana;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Grafana as its HTTP API documentation describes it, replayed by WireMock: every stub below is a documented request
 * with its documented response (the documentation page is named beside it). Grafana cannot run on these machines, so
 * this is the contract the Grafana client is tested against — not a real Grafana.
 *
 * <p>WireMock stubs are static, so the state a real Grafana would keep (organisations, their members, datasources and
 * dashboards) is kept here: {@link #exchange} runs a step of a test, then applies the step's writes from WireMock's
 * request journal to that state as the documentation says Grafana does (a created organisation gets the planned id
 * and the creator as Admin; a saved dashboard gets an id and the next version; a datasource's secureJsonData is
 * stored, and only reported in secureJsonFields), and programs the stubs anew. Any request no stub matches is answered
 * 500 and listed by {@link #unmatched()}.
 */
public final class DocumentedGrafana implements AutoCloseable {
    public static final String ADMIN = "admin";
    public static final String PASSWORD = "grafana-admin-test-password";

    private final ObjectMapper json = new ObjectMapper();
    private WireMockServer server;
    private int port;

    /** Organisation name -> id, of the organisations that exist. */
    private final Map<String, Long> orgs = new TreeMap<>();
    /** The id POST /api/orgs answers for a name; 100, 101, ... when not planned. */
    private final Map<String, Long> plannedIds = new HashMap<>();

    private long nextOrgId = 100;
    private final Map<Long, Set<String>> members = new HashMap<>();
    private final Map<Long, Map<String, ObjectNode>> datasources = new HashMap<>();
    /** The secureJsonData Grafana stores encrypted and never returns, kept to assert on. */
    private final Map<Long, Map<String, JsonNode>> secrets = new HashMap<>();

    private final Map<Long, Map<String, ObjectNode>> dashboards = new HashMap<>();
    private long nextId = 1;
    private boolean failDatasourceWrites;
    private UUID offContractStub;
    private final List<LoggedRequest> offContract = new ArrayList<>();
    private Set<String> dashboardUids;

    public DocumentedGrafana() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        port = server.port();
        program();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public GrafanaSettings settings(URI queryUrl) {
        return new GrafanaSettings(url(), ADMIN, PASSWORD, queryUrl, Duration.ofSeconds(5));
    }

    /** POST /api/orgs for {@code name} will answer this id. */
    public void planOrg(String name, long id) {
        plannedIds.put(name, id);
        program();
    }

    /** An organisation that exists already, made by someone else: its only member is {@code member}. */
    public void existingOrg(String name, long id, String member) {
        orgs.put(name, id);
        members.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(member);
        program();
    }

    /** Someone edits a dashboard in Grafana (its title), saving it as the UI would: a new version. */
    public void editDashboard(String org, String uid, String title) {
        ObjectNode dashboard = dashboards.get(orgs.get(org)).get(uid);
        dashboard.put("title", title);
        dashboard.put("version", dashboard.path("version").asLong() + 1);
        program();
    }

    /** The next datasource creations and updates fail with 500 (until {@link #acceptDatasourceWrites()}). */
    public void failDatasourceWrites() {
        failDatasourceWrites = true;
        program();
    }

    public void acceptDatasourceWrites() {
        failDatasourceWrites = false;
        program();
    }

    /** Grafana goes down: nothing listens on its port any more. */
    public void down() {
        server.stop();
    }

    /** Grafana is back, on the same port, with everything it held. */
    public void up() {
        server = new WireMockServer(options().port(port));
        server.start();
        program();
    }

    /** Runs {@code step} and answers the requests Grafana received meanwhile, oldest first (see the class comment). */
    public List<LoggedRequest> exchange(Runnable step) {
        if (server.isRunning()) {
            server.resetRequests();
        }
        step.run();
        if (!server.isRunning()) {
            return List.of();
        }
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        events.sort(Comparator.comparing(event -> event.getRequest().getLoggedDate()));
        List<LoggedRequest> requests = new ArrayList<>();
        for (ServeEvent event : events) {
            requests.add(event.getRequest());
            if (!event.getWasMatched() || event.getStubMapping().getId().equals(offContractStub)) {
                offContract.add(event.getRequest());
            } else if (event.getResponse().getStatus() / 100 == 2) {
                absorb(event.getRequest());
            }
        }
        program();
        return requests;
    }

    /** Requests of all exchanges so far that no documented stub matched (answered 500). */
    public List<LoggedRequest> unmatched() {
        return List.copyOf(offContract);
    }

    public Set<String> orgNames() {
        return orgs.keySet();
    }

    public long orgId(String name) {
        return orgs.get(name);
    }

    public Set<String> members(String org) {
        return members.getOrDefault(orgs.get(org), Set.of());
    }

    /** The datasource as GET returns it, or null. */
    public JsonNode datasource(String org, String uid) {
        return datasources.getOrDefault(orgs.get(org), Map.of()).get(uid);
    }

    /** The secureJsonData last stored for the datasource (what Grafana keeps encrypted). */
    public JsonNode secret(String org, String uid) {
        return secrets.getOrDefault(orgs.get(org), Map.of()).get(uid);
    }

    public Map<String, ObjectNode> dashboards(String org) {
        return dashboards.getOrDefault(orgs.get(org), Map.of());
    }

    @Override
    public void close() {
        server.stop();
    }

    // --- the documented API, as stubs of the current state ---------------------------------------------------

    private void program() {
        if (!server.isRunning()) {
            return;
        }
        server.resetMappings();
        // Anything else: not something the documentation describes for these calls.
        offContractStub = server.stubFor(any(anyUrl())
                        .atPriority(100)
                        .willReturn(aResponse()
                                .withStatus(500)
                                .withHeader("Content-Type", "application/json")
                                .withBody("{\"message\":\"no documented stub matched this request\"}")))
                .getId();

        for (Map.Entry<String, Long> org : orgs.entrySet()) {
            long id = org.getValue();
            // https://grafana.com/docs/grafana/latest/developers/http_api/org/#get-organization-by-name
            //   GET /api/orgs/name/:orgName -> 200 {id, name, address}
            server.stubFor(admin(get(urlPathEqualTo("/api/orgs/name/" + org.getKey())))
                    .willReturn(okJson(orgBody(id, org.getKey()))));
            // https://grafana.com/docs/grafana/latest/developers/http_api/org/#get-users-in-organization
            //   GET /api/orgs/:orgId/users -> 200 [{orgId, userId, email, login, role}]
            server.stubFor(
                    admin(get(urlPathEqualTo("/api/orgs/" + id + "/users"))).willReturn(okJson(usersBody(id))));
            // https://grafana.com/docs/grafana/latest/developers/http_api/org/#add-user-in-organization
            //   POST /api/orgs/:orgId/users {loginOrEmail, role}
            //   -> 200 {"message":"User added to organization", "userId": 1}
            server.stubFor(admin(post(urlPathEqualTo("/api/orgs/" + id + "/users")))
                    .withRequestBody(matchingJsonPath("$.loginOrEmail"))
                    .withRequestBody(matchingJsonPath("$.role"))
                    .willReturn(okJson("{\"message\":\"User added to organization\", \"userId\": 1}")));
            // https://grafana.com/docs/grafana/latest/developers/http_api/org/#delete-organization
            //   DELETE /api/orgs/:orgId -> 200 {"message":"Organization deleted"}
            server.stubFor(admin(delete(urlPathEqualTo("/api/orgs/" + id)))
                    .willReturn(okJson("{\"message\":\"Organization deleted\"}")));
            programDatasources(id);
            programDashboards(id);
        }
        programNewInAnyOrg();
        // https://grafana.com/docs/grafana/latest/developers/http_api/org/#get-organization-by-name
        //   of a name no organisation has: 404 {"message":"Organization not found"}
        server.stubFor(admin(get(urlPathMatching("/api/orgs/name/[^/]+")))
                .atPriority(50)
                .willReturn(notFound()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"Organization not found\"}")));
        // https://grafana.com/docs/grafana/latest/developers/http_api/org/#create-organization
        //   POST /api/orgs {"name":"New Org."} -> 200 {"orgId":"1","message":"Organization created"}; the tutorial
        // https://grafana.com/docs/grafana/latest/developers/http_api/examples/create-api-tokens-for-org/
        //   answers the id as a number, {"message":"Organization created","orgId":6}: both forms are replayed.
        Set<String> names = new LinkedHashSet<>(plannedIds.keySet());
        for (String name : names) {
            if (!orgs.containsKey(name)) {
                long id = plannedIds.get(name);
                String body = id % 2 == 0
                        ? "{\"orgId\":\"" + id + "\",\"message\":\"Organization created\"}"
                        : "{\"message\":\"Organization created\",\"orgId\":" + id + "}";
                server.stubFor(admin(post(urlPathEqualTo("/api/orgs")))
                        .withRequestBody(equalToJson("{\"name\":\"" + name + "\"}"))
                        .willReturn(okJson(body)));
            }
        }
    }

    private void programDatasources(long org) {
        String orgId = Long.toString(org);
        for (ObjectNode datasource : datasources.getOrDefault(org, Map.of()).values()) {
            String uid = datasource.path("uid").asText();
            // https://grafana.com/docs/grafana/latest/developers/http_api/data_source/#get-a-single-data-source-by-uid
            //   GET /api/datasources/uid/:uid -> 200 {id, uid, orgId, name, type, access, url, ..., jsonData,
            //   secureJsonFields, version, readOnly}, in the organisation X-Grafana-Org-Id names
            server.stubFor(inOrg(get(urlPathEqualTo("/api/datasources/uid/" + uid)), orgId)
                    .willReturn(okJson(datasource.toString())));
            // https://grafana.com/docs/grafana/latest/developers/http_api/data_source/#update-an-existing-data-source
            //   PUT /api/datasources/uid/:uid {...} -> 200 {datasource, id, message: "Datasource updated", name}
            server.stubFor(inOrg(put(urlPathEqualTo("/api/datasources/uid/" + uid)), orgId)
                    .withRequestBody(matchingJsonPath("$.type"))
                    .willReturn(
                            failDatasourceWrites
                                    ? serverError()
                                    : okJson("{\"datasource\":" + datasource + ",\"id\":"
                                            + datasource.path("id").asLong()
                                            + ",\"message\":\"Datasource updated\",\"name\":\""
                                            + datasource.path("name").asText() + "\"}")));
        }
    }

    private void programDashboards(long org) {
        String orgId = Long.toString(org);
        for (ObjectNode dashboard : dashboards.getOrDefault(org, Map.of()).values()) {
            String uid = dashboard.path("uid").asText();
            // https://grafana.com/docs/grafana/latest/developers/http_api/dashboard/#get-dashboard-by-uid
            //   GET /api/dashboards/uid/:uid
            //   -> 200 {dashboard: {id, uid, title, ..., version}, meta: {isStarred, url, folderId, folderUid, slug}}
            ObjectNode answer = json.createObjectNode();
            answer.set("dashboard", dashboard);
            answer.putObject("meta")
                    .put("isStarred", false)
                    .put("url", "/d/" + uid + "/" + slug(dashboard.path("title").asText()))
                    .put("folderId", 0)
                    .put("folderUid", "")
                    .put("slug", slug(dashboard.path("title").asText()));
            server.stubFor(inOrg(get(urlPathEqualTo("/api/dashboards/uid/" + uid)), orgId)
                    .willReturn(okJson(answer.toString())));
        }
        // https://grafana.com/docs/grafana/latest/developers/http_api/dashboard/#create--update-dashboard
        //   POST /api/dashboards/db {dashboard, folderUid, message, overwrite} -> 200 {id, uid, url, status: "success",
        //   version, slug}, here for a dashboard the organisation holds: the same id, the next version.
        for (ObjectNode held : dashboards.getOrDefault(org, Map.of()).values()) {
            String uid = held.path("uid").asText();
            server.stubFor(inOrg(post(urlPathEqualTo("/api/dashboards/db")), orgId)
                    .withRequestBody(matchingJsonPath("$.dashboard.uid", equalTo(uid)))
                    .withRequestBody(matchingJsonPath("$.overwrite", equalTo("true")))
                    .willReturn(okJson(saved(
                            held.path("id").asLong(), uid, held.path("version").asLong() + 1))));
        }
    }

    /** What any organisation answers for what it does not hold: 404 on reads, creation on writes. */
    private void programNewInAnyOrg() {
        String anyOrg = "[0-9]+";
        // https://grafana.com/docs/grafana/latest/developers/http_api/data_source/#get-a-single-data-source-by-uid
        //   of a uid the organisation does not have: 404 {"message":"Data source not found"}
        server.stubFor(inOrgMatching(get(urlPathMatching("/api/datasources/uid/[^/]+")), anyOrg)
                .atPriority(50)
                .willReturn(notFound()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"Data source not found\"}")));
        // https://grafana.com/docs/grafana/latest/developers/http_api/data_source/#create-a-data-source
        //   POST /api/datasources {name, type, url, access, basicAuth, jsonData, secureJsonData}
        //   -> 200 {datasource: {id, orgId, name, type, ...}, id, message: "Datasource added", name}
        server.stubFor(inOrgMatching(post(urlPathEqualTo("/api/datasources")), anyOrg)
                .atPriority(50)
                .withRequestBody(matchingJsonPath("$.name"))
                .withRequestBody(matchingJsonPath("$.type"))
                .willReturn(
                        failDatasourceWrites
                                ? serverError()
                                : okJson("{\"datasource\":{\"id\":" + nextId + ",\"name\":\"Pulseboard\"},\"id\":"
                                        + nextId + ",\"message\":\"Datasource added\",\"name\":\"Pulseboard\"}")));
        // https://grafana.com/docs/grafana/latest/developers/http_api/dashboard/#get-dashboard-by-uid
        //   status codes: "404 – Not found"
        server.stubFor(inOrgMatching(get(urlPathMatching("/api/dashboards/uid/[^/]+")), anyOrg)
                .atPriority(50)
                .willReturn(notFound()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"Dashboard not found\"}")));
        // https://grafana.com/docs/grafana/latest/developers/http_api/dashboard/#create--update-dashboard
        //   a new dashboard: POST /api/dashboards/db {"dashboard": {"id": null, "uid": ...}, "message", "overwrite"}
        //   -> 200 {id, uid, url, status: "success", version: 1, slug}
        for (String uid : knownDashboardUids()) {
            server.stubFor(inOrgMatching(post(urlPathEqualTo("/api/dashboards/db")), anyOrg)
                    .atPriority(50)
                    .withRequestBody(matchingJsonPath("$.dashboard.uid", equalTo(uid)))
                    .withRequestBody(matchingJsonPath("$.overwrite", equalTo("true")))
                    .willReturn(okJson(saved(nextId, uid, 1))));
        }
    }

    private static String saved(long id, String uid, long version) {
        return "{\"id\":" + id + ",\"uid\":\"" + uid + "\",\"url\":\"/d/" + uid + "/" + uid
                + "\",\"status\":\"success\",\"version\":" + version + ",\"slug\":\"" + uid + "\"}";
    }

    private Set<String> knownDashboardUids() {
        if (dashboardUids == null) {
            dashboardUids = new LinkedHashSet<>();
            ReferenceDashboards.fromClasspath(json)
                    .all()
                    .forEach(d -> dashboardUids.add(d.path("uid").asText()));
        }
        return dashboardUids;
    }

    private static MappingBuilder admin(MappingBuilder request) {
        // https://grafana.com/docs/grafana/latest/developers/http_api/org/
        //   "the admin of all organizations API only works with basic authentication"; used for every call.
        return request.withBasicAuth(ADMIN, PASSWORD).atPriority(10);
    }

    private static MappingBuilder inOrg(MappingBuilder request, String orgId) {
        // https://grafana.com/docs/grafana/latest/developer-resources/api-reference/http-api/authentication/#the-x-grafana-org-id-header
        //   X-Grafana-Org-Id names the organisation a request acts on.
        return admin(request).withHeader(GrafanaClient.ORG_HEADER, equalTo(orgId));
    }

    private static MappingBuilder inOrgMatching(MappingBuilder request, String orgIdPattern) {
        return admin(request).withHeader(GrafanaClient.ORG_HEADER, matching(orgIdPattern));
    }

    private static ResponseDefinitionBuilder serverError() {
        return aResponse()
                .withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Failed to add datasource\"}");
    }

    private String orgBody(long id, String name) {
        ObjectNode org = json.createObjectNode().put("id", id).put("name", name);
        org.putObject("address")
                .put("address1", "")
                .put("address2", "")
                .put("city", "")
                .put("zipCode", "")
                .put("state", "")
                .put("country", "");
        return org.toString();
    }

    private String usersBody(long org) {
        ArrayNode users = json.createArrayNode();
        long userId = 1;
        for (String login : members.getOrDefault(org, Set.of())) {
            users.addObject()
                    .put("orgId", org)
                    .put("userId", userId++)
                    .put("email", login + "@mygraf.com")
                    .put("login", login)
                    .put("role", "Admin");
        }
        return users.toString();
    }

    private static String slug(String title) {
        return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    // --- what Grafana does with a successful write ------------------------------------------------------------

    private void absorb(LoggedRequest request) {
        String method = request.getMethod().getName();
        String path = URI.create(request.getUrl()).getPath();
        String orgHeader = request.getHeader(GrafanaClient.ORG_HEADER);
        Long org = orgHeader == null ? null : Long.valueOf(orgHeader);
        if (method.equals("POST") && path.equals("/api/orgs")) {
            String name = body(request).path("name").asText();
            long id = plannedIds.containsKey(name) ? plannedIds.get(name) : nextOrgId++;
            orgs.put(name, id);
            // Grafana makes the creating user an Admin of the new organisation.
            members.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(ADMIN);
        } else if (method.equals("POST") && path.matches("/api/orgs/\\d+/users")) {
            long id = Long.parseLong(path.split("/")[3]);
            members.computeIfAbsent(id, k -> new LinkedHashSet<>())
                    .add(body(request).path("loginOrEmail").asText());
        } else if (method.equals("DELETE") && path.matches("/api/orgs/\\d+")) {
            long id = Long.parseLong(path.split("/")[3]);
            orgs.values().remove(id);
            members.remove(id);
            datasources.remove(id);
            secrets.remove(id);
            dashboards.remove(id);
        } else if (method.equals("POST") && path.equals("/api/datasources")) {
            storeDatasource(org, body(request), nextId++, 1);
        } else if (method.equals("PUT") && path.startsWith("/api/datasources/uid/")) {
            ObjectNode held = datasources.get(org).get(path.substring("/api/datasources/uid/".length()));
            storeDatasource(
                    org,
                    body(request),
                    held.path("id").asLong(),
                    held.path("version").asLong() + 1);
        } else if (method.equals("POST") && path.equals("/api/dashboards/db")) {
            ObjectNode dashboard = (ObjectNode) body(request).path("dashboard").deepCopy();
            String uid = dashboard.path("uid").asText();
            ObjectNode held = dashboards.getOrDefault(org, Map.of()).get(uid);
            dashboard.put("id", held == null ? nextId++ : held.path("id").asLong());
            dashboard.put("version", held == null ? 1 : held.path("version").asLong() + 1);
            dashboards.computeIfAbsent(org, k -> new TreeMap<>()).put(uid, dashboard);
        }
    }

    private void storeDatasource(long org, ObjectNode request, long id, long version) {
        ObjectNode stored = request.deepCopy();
        JsonNode secure = stored.remove("secureJsonData");
        String uid = stored.path("uid").asText();
        if (secure != null) {
            secrets.computeIfAbsent(org, k -> new HashMap<>()).put(uid, secure);
        }
        ObjectNode fields = json.createObjectNode();
        JsonNode kept = secrets.getOrDefault(org, Map.of()).get(uid);
        if (kept != null) {
            kept.fieldNames().forEachRemaining(field -> fields.put(field, true));
        }
        stored.put("id", id)
                .put("orgId", org)
                .put("typeLogoUrl", "")
                .put("password", "")
                .put("user", "")
                .put("database", "")
                .put("basicAuthUser", "")
                .put("withCredentials", false);
        stored.set("secureJsonFields", fields);
        stored.put("version", version).put("readOnly", false);
        datasources.computeIfAbsent(org, k -> new TreeMap<>()).put(uid, stored);
    }

    private ObjectNode body(LoggedRequest request) {
        try {
            return (ObjectNode) json.readTree(request.getBodyAsString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
