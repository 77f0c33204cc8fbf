package dev.pulseboard.tenant.members;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulseboard.tenant.testing.EchoQueryFrontendTestResource;
import dev.pulseboard.tenant.testing.KafkaTestResource;
import dev.pulseboard.tenant.testing.KeycloakTestResource;
import dev.pulseboard.tenant.testing.Members;
import dev.pulseboard.tenant.testing.PostgresTestResource;
import dev.pulseboard.tenant.testing.TestUsers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every organisation-scoped endpoint of the API, listed here: each refuses a role below its own with 403
 * err-pb-role-required, and a member of organisation A gets 404 for everything of organisation B — B chosen by header,
 * or B's resources by id while acting on A. {@link #theListCoversEveryEndpointOfTheApi} fails when an endpoint is added
 * without being listed.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = KeycloakTestResource.class, parallel = true)
@WithTestResource(value = EchoQueryFrontendTestResource.class)
class OrganizationAccessIT {
    private static final String DASHBOARD = "{\"title\":\"Access\",\"panels\":[]}";
    private static final String WEBHOOK = """
            {"name":"pushes","scheme":"github",
             "mapping":{"samples":[{"name":"git_pushes","type":"counter","value":1}]}}""";

    /** An endpoint, the weakest role that may call it, and a body. {id} is filled per call. */
    record Endpoint(String method, String path, String role, String body) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** Endpoints that are public, or act on no organisation (they are tested elsewhere: SignupIT, InvitationIT). */
    private static final Set<String> NOT_ORGANIZATION_SCOPED = Set.of(
            "POST /api/signup",
            "POST /api/signup/lookup",
            "POST /api/signup/complete",
            "GET /api/config",
            "GET /api/me",
            "POST /api/invitations/lookup",
            "POST /api/invitations/register",
            "POST /api/invitations/accept",
            // The operator's API: the internal token, no organisation (LimitsApiIT).
            "GET /internal/v1/plans",
            "POST /internal/v1/tenants",
            "GET /internal/v1/tenants/{id}/limits",
            "PUT /internal/v1/tenants/{id}/limits");

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/api/keys", "admin", null),
            new Endpoint("POST", "/api/keys", "admin", "{\"name\":\"access\"}"),
            new Endpoint("DELETE", "/api/keys/{id}", "admin", null),
            new Endpoint("GET", "/api/dashboards", "viewer", null),
            new Endpoint("GET", "/api/dashboards/{id}", "viewer", null),
            new Endpoint("POST", "/api/dashboards", "editor", DASHBOARD),
            new Endpoint("PUT", "/api/dashboards/{id}", "editor", DASHBOARD),
            new Endpoint("DELETE", "/api/dashboards/{id}", "editor", null),
            new Endpoint("GET", "/api/webhooks", "admin", null),
            new Endpoint("POST", "/api/webhooks", "admin", WEBHOOK),
            new Endpoint("GET", "/api/webhooks/{id}", "admin", null),
            new Endpoint("PUT", "/api/webhooks/{id}", "admin", WEBHOOK),
            new Endpoint("DELETE", "/api/webhooks/{id}", "admin", null),
            new Endpoint("POST", "/api/webhooks/{id}/test", "admin", "{}"),
            new Endpoint("GET", "/api/members", "viewer", null),
            new Endpoint("PUT", "/api/members/{id}", "admin", "{\"role\":\"viewer\"}"),
            new Endpoint("DELETE", "/api/members/{id}", "admin", null),
            new Endpoint("GET", "/api/invitations", "admin", null),
            new Endpoint("POST", "/api/invitations", "admin", "{\"email\":\"x@example.test\",\"role\":\"viewer\"}"),
            new Endpoint("DELETE", "/api/invitations/{id}", "admin", null),
            new Endpoint("GET", "/api/audit", "admin", null),
            new Endpoint("GET", "/api/provisioning", "admin", null),
            new Endpoint("GET", "/api/limits", "viewer", null),
            new Endpoint("GET", "/api/usage", "viewer", null),
            // Without confirm=<tenant> an owner gets 400: the matrix never deletes its organisation.
            new Endpoint("DELETE", "/api/organization", "owner", null),
            new Endpoint("GET", "/api/query", "viewer", null),
            new Endpoint("GET", "/api/query_range", "viewer", null));

    private static final List<String> ROLES = List.of("viewer", "editor", "admin", "owner");

    @Test
    void theListCoversEveryEndpointOfTheApi() throws IOException, URISyntaxException {
        Set<String> listed = new TreeSet<>(NOT_ORGANIZATION_SCOPED);
        ENDPOINTS.forEach(e -> listed.add(e.toString()));
        assertThat(apiEndpoints()).isEqualTo(listed);
    }

    @Test
    void theOpenApiDocumentDescribesEveryEndpoint() throws IOException, URISyntaxException {
        JsonNode paths = new ObjectMapper()
                .readTree(Path.of("target/openapi/openapi.json").toFile())
                .path("paths");
        Set<String> documented = new TreeSet<>();
        paths.fields()
                .forEachRemaining(path -> path.getValue()
                        .fieldNames()
                        .forEachRemaining(verb -> documented.add(verb.toUpperCase(java.util.Locale.ROOT) + " "
                                + path.getKey().replaceAll("\\{[^}]+}", "{id}"))));
        assertThat(documented).containsAll(apiEndpoints());
    }

    @Test
    void eachEndpointRefusesTheRolesBelowItsOwnAndServesItsOwnAndAbove() {
        String ownerToken =
                TestUsers.accessToken(TestUsers.signUp("access-roles").email());
        Map<String, String> tokens = new HashMap<>();
        tokens.put("owner", ownerToken);
        for (String role : List.of("viewer", "editor", "admin")) {
            tokens.put(role, Members.join(ownerToken, "access-roles", role + "@access-roles.test", role));
        }
        for (Endpoint endpoint : ENDPOINTS) {
            for (String role : ROLES) {
                // A random id: an allowed call then answers the resource's own 404, never the role's 403.
                Response response = call(
                        tokens.get(role),
                        "access-roles",
                        endpoint,
                        UUID.randomUUID().toString());
                boolean allowed = ROLES.indexOf(role) >= ROLES.indexOf(endpoint.role());
                String id = response.getContentType().contains("json")
                        ? response.jsonPath().getString("id")
                        : null;
                if (allowed) {
                    assertThat(response.statusCode())
                            .as("%s as %s: %s", endpoint, role, response.asString())
                            .isBetween(200, 499)
                            .isNotEqualTo(403);
                } else {
                    assertThat(response.statusCode())
                            .as("%s as %s", endpoint, role)
                            .isEqualTo(403);
                    assertThat(id).as("%s as %s", endpoint, role).isEqualTo("err-pb-role-required");
                }
            }
        }
    }

    @Test
    void aMemberOfOneOrganizationGets404ForEverythingOfAnother() {
        String tokenA = TestUsers.accessToken(TestUsers.signUp("access-a").email());
        String tokenB = TestUsers.accessToken(TestUsers.signUp("access-b").email());
        Map<String, String> idsOfB = resourcesOf(tokenB, "access-b");

        for (Endpoint endpoint : ENDPOINTS) {
            String idOfB = idsOfB.getOrDefault(endpoint.path().replaceAll("/\\{id}.*", ""), "none");
            // B chosen by header: refused before anything is looked up.
            Response byHeader = call(tokenA, "access-b", endpoint, idOfB);
            assertThat(byHeader.statusCode()).as("%s with B's header", endpoint).isEqualTo(404);
            assertThat(byHeader.jsonPath().getString("id")).isEqualTo("err-pb-organization-not-found");
            if (endpoint.path().contains("{id}")) {
                // B's resource by id while acting on A: the resource's own 404, as for an id that never existed.
                Response byId = call(tokenA, "access-a", endpoint, idOfB);
                assertThat(byId.statusCode())
                        .as("%s with B's id %s", endpoint, idOfB)
                        .isEqualTo(404);
                assertThat(byId.asString()).doesNotContain("access-b");
            }
        }
        // And nothing of B changed: its key, dashboard, webhook, member and invitation are all still there.
        assertThat(resourcesOf(tokenB, "access-b").keySet()).containsAll(idsOfB.keySet());
        assertThat(given().auth()
                        .oauth2(tokenB)
                        .get("/api/dashboards/" + idsOfB.get("/api/dashboards"))
                        .statusCode())
                .isEqualTo(200);
    }

    /** One resource of each kind in B, by collection path; creates what is not there yet. */
    private static Map<String, String> resourcesOf(String token, String tenant) {
        Map<String, String> ids = new HashMap<>();
        ids.put("/api/keys", spec(token, tenant).get("/api/keys").jsonPath().getString("[0].id"));
        if (spec(token, tenant).get("/api/dashboards/dash-of-b").statusCode() == 404) {
            spec(token, tenant)
                    .contentType(ContentType.JSON)
                    .body("{\"uid\":\"dash-of-b\",\"title\":\"B\",\"panels\":[]}")
                    .post("/api/dashboards")
                    .then()
                    .statusCode(201);
        }
        ids.put("/api/dashboards", "dash-of-b");
        List<String> hooks = spec(token, tenant).get("/api/webhooks").jsonPath().getList("id");
        ids.put(
                "/api/webhooks",
                hooks.isEmpty()
                        ? spec(token, tenant)
                                .contentType(ContentType.JSON)
                                .body(WEBHOOK)
                                .post("/api/webhooks")
                                .then()
                                .statusCode(201)
                                .extract()
                                .jsonPath()
                                .getString("rule.id")
                        : hooks.get(0));
        ids.put(
                "/api/members",
                spec(token, tenant).get("/api/members").jsonPath().getString("[0].id"));
        List<String> invitations =
                spec(token, tenant).get("/api/invitations").jsonPath().getList("id");
        if (invitations.isEmpty()) {
            Members.invite(token, tenant, "pending@" + tenant + ".test", "viewer");
            invitations = spec(token, tenant).get("/api/invitations").jsonPath().getList("id");
        }
        ids.put("/api/invitations", invitations.get(0));
        assertThat(ids).doesNotContainValue(null);
        return ids;
    }

    private static Response call(String token, String tenant, Endpoint endpoint, String id) {
        RequestSpecification request = spec(token, tenant).queryParam("query", "up");
        if (endpoint.body() != null) {
            request = request.contentType(ContentType.JSON).body(endpoint.body());
        }
        return request.request(endpoint.method(), endpoint.path().replace("{id}", id));
    }

    private static RequestSpecification spec(String token, String tenant) {
        return given().auth().oauth2(token).header(Members.HEADER, tenant);
    }

    /** "METHOD /path" of every JAX-RS resource method of tenant-service, path parameters written {id}. */
    private static Set<String> apiEndpoints() throws IOException, URISyntaxException {
        Path classes = Path.of(MemberResource.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Set<String> endpoints = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(p -> p.toString().endsWith(".class")).toList();
        }
        for (Path file : files) {
            String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
            Class<?> type;
            try {
                type = Class.forName(name, false, MemberResource.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            jakarta.ws.rs.Path root = type.getAnnotation(jakarta.ws.rs.Path.class);
            if (root == null) {
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                String verb = verb(method);
                if (verb != null) {
                    jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                    String path = root.value() + (sub == null ? "" : "/" + sub.value());
                    endpoints.add(verb + " " + path.replaceAll("//+", "/").replaceAll("\\{[^}]+}", "{id}"));
                }
            }
        }
        return endpoints;
    }

    private static String verb(Method method) {
        List<String> verbs = new ArrayList<>();
        if (method.isAnnotationPresent(GET.class)) {
            verbs.add("GET");
        }
        if (method.isAnnotationPresent(POST.class)) {
            verbs.add("POST");
        }
        if (method.isAnnotationPresent(PUT.class)) {
            verbs.add("PUT");
        }
        if (method.isAnnotationPresent(DELETE.class)) {
            verbs.add("DELETE");
        }
        return verbs.isEmpty() ? null : verbs.get(0);
    }
}
