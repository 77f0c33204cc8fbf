package dev.pulseboard.tenant.dashboards;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesRegex;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulseboard.tenant.testing.EchoQueryFrontendTestResource;
import dev.pulseboard.tenant.testing.KafkaTestResource;
import dev.pulseboard.tenant.testing.KeycloakTestResource;
import dev.pulseboard.tenant.testing.PostgresTestResource;
import dev.pulseboard.tenant.testing.TestUsers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * /api/dashboards against a real Keycloak (the caller's organization is the tenant) and a real PostgreSQL: import,
 * export, save with optimistic concurrency, the per-tenant limit, the refusals with their ids, and that one tenant
 * never sees or touches another's dashboard, even one under the same uid.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = KeycloakTestResource.class, parallel = true)
@WithTestResource(value = EchoQueryFrontendTestResource.class)
class DashboardApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GENERATED_UID = "[0-9A-Za-z]{12}";

    /** A dashboard as Grafana 11 exports it (Share > Export > Save to file): with its database "id", no uid here. */
    private static final String GRAFANA_EXPORT = """
            {
              "annotations": {"list": [{"builtIn": 1, "datasource": {"type": "grafana", "uid": "-- Grafana --"},
                                        "enable": true, "hide": true, "name": "Annotations & Alerts",
                                        "type": "dashboard"}]},
              "editable": true,
              "fiscalYearStartMonth": 0,
              "graphTooltip": 1,
              "id": 42,
              "links": [],
              "panels": [
                {"datasource": {"type": "prometheus", "uid": "pulseboard"},
                 "fieldConfig": {"defaults": {"unit": "s", "thresholds": {"mode": "absolute", "steps": [
                     {"color": "green", "value": null}, {"color": "red", "value": 0.25}]}}, "overrides": []},
                 "gridPos": {"h": 8, "w": 12, "x": 0, "y": 0},
                 "id": 1,
                 "targets": [{"expr": "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service=\\"$service\\"}[5m])))",
                              "refId": "A"}],
                 "title": "p99 latency",
                 "type": "timeseries"}
              ],
              "refresh": "10s",
              "schemaVersion": 39,
              "tags": ["api", "latency"],
              "templating": {"list": [{"name": "service", "type": "query",
                                       "query": "label_values(http_requests_total, service)"}]},
              "time": {"from": "now-6h", "to": "now"},
              "timezone": "browser",
              "title": "API latency",
              "version": 7
            }
            """;

    @Test
    void anImportIsListedExportedAsStoredAndImportsAgainUnchanged() throws JsonProcessingException {
        String token = login("dash-trip");

        // no uid: one is generated; Grafana's id goes, the version starts at 1
        Response created = post(token, GRAFANA_EXPORT, "");
        created.then().statusCode(201).body("uid", matchesRegex(GENERATED_UID));
        String uid = created.jsonPath().getString("uid");
        assertThat(created.header("Location")).isEqualTo("/api/dashboards/" + uid);
        ObjectNode expected = (ObjectNode) JSON.readTree(GRAFANA_EXPORT);
        expected.remove("id");
        expected.put("uid", uid).put("version", 1);
        assertThat(JSON.readTree(created.asString())).isEqualTo(expected);

        // GET answers exactly what was stored, as JSON: that is the export
        Response exported = as(token).get("/api/dashboards/" + uid);
        exported.then().statusCode(200).contentType(startsWith("application/json"));
        assertThat(exported.asString()).isEqualTo(created.asString());

        // a given uid is kept; the list is by title, then uid, in code-point order
        post(token, dashboard("b-first", "API latency").toString(), "").then().statusCode(201);
        post(token, dashboard("svc-latency", "Service latency").toString(), "")
                .then()
                .statusCode(201)
                .body("uid", equalTo("svc-latency"))
                .body("version", equalTo(1));
        post(token, dashboard("z", "alpha").toString(), "").then().statusCode(201);
        List<String> byTitleThenUid = new ArrayList<>(List.of(uid, "b-first"));
        byTitleThenUid.sort(Comparator.naturalOrder());
        byTitleThenUid.addAll(List.of("svc-latency", "z"));
        JsonPath list = as(token)
                .get("/api/dashboards")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(list.getList("uid")).containsExactlyElementsOf(byTitleThenUid);
        Map<String, Object> imported = list.getMap("find { it.uid == '" + uid + "' }");
        assertThat(imported)
                .containsEntry("title", "API latency")
                .containsEntry("tags", List.of("api", "latency"))
                .containsEntry("version", 1)
                .containsOnlyKeys("uid", "title", "tags", "version", "updatedAt");
        assertThat(Instant.parse((String) imported.get("updatedAt"))).isBeforeOrEqualTo(Instant.now());
        assertThat(list.getList("find { it.uid == 'svc-latency' }.tags")).isEmpty();

        // the export imports again: refused as a duplicate unless overwriting, which moves it to the next version
        post(token, exported.asString(), "")
                .then()
                .statusCode(409)
                .body("id", equalTo("err-pb-dashboard-exists"))
                .body("detail", containsString(uid));
        Response overwritten = post(token, exported.asString(), "?overwrite=true");
        overwritten.then().statusCode(201).header("Location", "/api/dashboards/" + uid);
        assertThat(JSON.readTree(overwritten.asString()))
                .isEqualTo(expected.deepCopy().put("version", 2));
        as(token).get("/api/dashboards/" + uid).then().body("version", equalTo(2));
    }

    @Test
    void grafanasHttpApiEnvelopeIsUnwrappedAndItsOverwriteHonoured() throws JsonProcessingException {
        String token = login("dash-envelope");
        ObjectNode inner = dashboard("from-grafana", "Envelope");
        String envelope = "{\"dashboard\": " + inner + ", \"folderUid\": \"abc\", \"message\": \"m\", \"overwrite\": ";

        Response created = post(token, envelope + "false}", "");
        created.then().statusCode(201).header("Location", "/api/dashboards/from-grafana");
        assertThat(JSON.readTree(created.asString())).isEqualTo(inner.deepCopy().put("version", 1));

        post(token, envelope + "false}", "").then().statusCode(409).body("id", equalTo("err-pb-dashboard-exists"));
        post(token, envelope + "true}", "").then().statusCode(201).body("version", equalTo(2));
        as(token)
                .get("/api/dashboards/from-grafana")
                .then()
                .statusCode(200)
                .body("title", equalTo("Envelope"))
                .body("dashboard", equalTo(null))
                .body("folderUid", equalTo(null));
    }

    @Test
    void aSaveNamingAnOlderVersionIsRefusedAndOnlyOneOfConcurrentSavesWins() throws Exception {
        String token = login("dash-edit");
        post(token, dashboard("edit-me", "Before").toString(), "").then().statusCode(201);

        ObjectNode edit = dashboard("edit-me", "After").put("version", 1).put("id", 99);
        Response saved = put(token, "edit-me", edit.toString());
        saved.then().statusCode(200).body("version", equalTo(2)).body("title", equalTo("After"));
        assertThat(JSON.readTree(saved.asString()).has("id"))
                .as("Grafana's id is dropped")
                .isFalse();
        as(token).get("/api/dashboards/edit-me").then().body("version", equalTo(2));
        as(token).get("/api/dashboards").then().body("[0].version", equalTo(2)).body("[0].title", equalTo("After"));

        // someone saved version 1 first: this editor must reload
        put(token, "edit-me", dashboard("edit-me", "Stale").put("version", 1).toString())
                .then()
                .statusCode(409)
                .body("id", equalTo("err-pb-dashboard-version-conflict"))
                .body("detail", containsString("changed by someone else"))
                .body("detail", containsString("Reload"));
        as(token).get("/api/dashboards/edit-me").then().body("title", equalTo("After"));

        // no version: the save wins
        put(token, "edit-me", dashboard(null, "Forced").toString())
                .then()
                .statusCode(200)
                .body("version", equalTo(3));

        // of several saves of version 3 at once, exactly one is stored
        String concurrent = dashboard("edit-me", "Concurrent").put("version", 3).toString();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<CompletableFuture<Integer>> saves = IntStream.range(0, 6)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> put(token, "edit-me", concurrent).statusCode(), pool))
                    .toList();
            List<Integer> statuses =
                    saves.stream().map(CompletableFuture::join).sorted().toList();
            assertThat(statuses).containsExactly(200, 409, 409, 409, 409, 409);
        } finally {
            pool.shutdownNow();
        }
        as(token).get("/api/dashboards/edit-me").then().body("version", equalTo(4));

        put(token, "edit-me", dashboard("other-uid", "x").toString())
                .then()
                .statusCode(400)
                .body("id", equalTo("err-pb-dashboard-invalid"))
                .body("field", equalTo("uid"));
        put(token, "never-made", dashboard(null, "x").toString())
                .then()
                .statusCode(404)
                .body("id", equalTo("err-pb-dashboard-not-found"));

        as(token).delete("/api/dashboards/edit-me").then().statusCode(204);
        as(token)
                .get("/api/dashboards/edit-me")
                .then()
                .statusCode(404)
                .body("id", equalTo("err-pb-dashboard-not-found"));
        as(token)
                .delete("/api/dashboards/edit-me")
                .then()
                .statusCode(404)
                .body("id", equalTo("err-pb-dashboard-not-found"));
        as(token).get("/api/dashboards").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void unusableBodiesAreRefusedNamingTheProblemAndNothingIsSaved() {
        String token = login("dash-bad");
        String[][] refusals = {
            {"[1, 2]", "body", "must be a JSON object"},
            {"{\"title\": \"t\"", "body", "not JSON"},
            {"", "body", "empty body"},
            {"{\"panels\": []}", "title", "title must be a non-empty string"},
            {"{\"title\": \"   \"}", "title", "title must be a non-empty string"},
            {"{\"title\": \"" + "x".repeat(201) + "\"}", "title", "at most 200 characters"},
            {"{\"title\": \"t\", \"uid\": \"has space\"}", "uid", "uid must be 1 to 40"},
            {"{\"title\": \"t\", \"uid\": \"" + "u".repeat(41) + "\"}", "uid", "uid must be 1 to 40"},
            {"{\"title\": \"t\", \"panels\": {}}", "panels", "panels must be an array of objects"},
            {"{\"title\": \"t\", \"panels\": [{}, \"x\"]}", "panels", "panels[1] must be an object"},
            {"{\"title\": \"t\", \"templating\": []}", "templating", "templating must be an object"},
        };
        for (String[] refusal : refusals) {
            post(token, refusal[0], "")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("id", equalTo("err-pb-dashboard-invalid"))
                    .body("field", equalTo(refusal[1]))
                    .body("detail", containsString(refusal[2]));
        }
        // a body over 1 MiB: in bytes of UTF-8, not characters (600000 'é' are 1.2 MB)
        String twoByteTitle = "{\"title\": \"t\", \"note\": \"" + "é".repeat(600_000) + "\"}";
        as(token)
                .contentType("application/json; charset=utf-8")
                .body(twoByteTitle.getBytes(StandardCharsets.UTF_8))
                .post("/api/dashboards")
                .then()
                .statusCode(413)
                .body("id", equalTo("err-pb-dashboard-too-large"))
                .body("detail", containsString("pulseboard.tenant.dashboards.max-body-size"));
        String exactly1MiB = padded("at-the-limit", 1024 * 1024);
        post(token, exactly1MiB + " ", "").then().statusCode(413).body("id", equalTo("err-pb-dashboard-too-large"));
        as(token)
                .contentType("text/plain")
                .body("{\"title\": \"t\"}")
                .post("/api/dashboards")
                .then()
                .statusCode(415);
        as(token).get("/api/dashboards").then().statusCode(200).body("size()", equalTo(0));

        // exactly at the limit is fine
        post(token, exactly1MiB, "").then().statusCode(201).body("uid", equalTo("at-the-limit"));
    }

    @Test
    void aTenantKeepsAtMostAHundredDashboards() {
        String token = login("dash-many");
        for (int i = 0; i < 100; i++) {
            post(token, dashboard("d-%03d".formatted(i), "Dashboard " + i).toString(), "")
                    .then()
                    .statusCode(201);
        }
        post(token, dashboard("d-100", "One too many").toString(), "")
                .then()
                .statusCode(409)
                .body("id", equalTo("err-pb-dashboard-limit"))
                .body("detail", containsString("100 dashboards"))
                .body("detail", containsString("pulseboard.tenant.dashboards.max-per-tenant"));
        post(token, dashboard(null, "One too many").toString(), "")
                .then()
                .statusCode(409)
                .body("id", equalTo("err-pb-dashboard-limit"));
        // replacing one adds none
        post(token, dashboard("d-050", "Replaced").toString(), "?overwrite=true")
                .then()
                .statusCode(201)
                .body("version", equalTo(2));
        as(token).get("/api/dashboards").then().body("size()", equalTo(100));

        as(token).delete("/api/dashboards/d-000").then().statusCode(204);
        post(token, dashboard("d-100", "Room again").toString(), "").then().statusCode(201);
        // another tenant's count is its own
        String other = login("dash-few");
        post(other, dashboard("d-000", "Mine").toString(), "").then().statusCode(201);
    }

    @Test
    void anotherTenantNeitherSeesNorTouchesADashboardAndKeepsItsOwnUnderTheSameUid() {
        String a = login("dash-a");
        String b = login("dash-b");
        post(a, dashboard("shared", "A's").toString(), "").then().statusCode(201);

        as(b).get("/api/dashboards").then().statusCode(200).body("size()", equalTo(0));
        as(b).get("/api/dashboards/shared").then().statusCode(404).body("id", equalTo("err-pb-dashboard-not-found"));
        put(b, "shared", dashboard("shared", "B was here").put("version", 1).toString())
                .then()
                .statusCode(404)
                .body("id", equalTo("err-pb-dashboard-not-found"));
        as(b).delete("/api/dashboards/shared").then().statusCode(404).body("id", equalTo("err-pb-dashboard-not-found"));
        given().get("/api/dashboards").then().statusCode(499); // and nobody without a login

        // the same uid in B is B's own dashboard: created, not a duplicate, and changed without touching A's
        post(b, dashboard("shared", "B's").toString(), "")
                .then()
                .statusCode(201)
                .body("version", equalTo(1));
        post(b, dashboard("shared", "B's again").toString(), "?overwrite=true")
                .then()
                .statusCode(201)
                .body("version", equalTo(2));
        put(b, "shared", dashboard("shared", "B's third").put("version", 2).toString())
                .then()
                .statusCode(200)
                .body("version", equalTo(3));
        as(b).delete("/api/dashboards/shared").then().statusCode(204);

        as(a).get("/api/dashboards/shared")
                .then()
                .statusCode(200)
                .body("title", equalTo("A's"))
                .body("version", equalTo(1));
        as(a).get("/api/dashboards").then().body("size()", equalTo(1)).body("[0].uid", equalTo("shared"));
        as(b).get("/api/dashboards").then().body("size()", equalTo(0));
    }

    private static String login(String tenant) {
        return TestUsers.accessToken(TestUsers.signUp(tenant).email());
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    private static Response post(String token, String body, String query) {
        return as(token).contentType("application/json").body(body).post("/api/dashboards" + query);
    }

    private static Response put(String token, String uid, String body) {
        return as(token).contentType("application/json").body(body).put("/api/dashboards/" + uid);
    }

    /** A small dashboard with one panel; no "uid" when {@code uid} is null. */
    private static ObjectNode dashboard(String uid, String title) {
        ObjectNode d = JSON.createObjectNode();
        if (uid != null) {
            d.put("uid", uid);
        }
        d.put("title", title);
        d.putArray("tags");
        d.putArray("panels").addObject().put("type", "stat").put("title", "up");
        return d;
    }

    /** A dashboard whose compact JSON is exactly {@code bytes} bytes long (ASCII). */
    private static String padded(String uid, int bytes) {
        String empty = dashboard(uid, "Big").put("note", "").toString();
        String body = empty.replace("\"note\":\"\"", "\"note\":\"" + "x".repeat(bytes - empty.length()) + "\"");
        assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
        return body;
    }
}
