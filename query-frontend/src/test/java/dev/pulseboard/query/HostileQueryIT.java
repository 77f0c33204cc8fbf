package dev.pulseboard.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulseboard.contract.http.InternalApi;
import dev.pulseboard.testing.keys.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-query suite: acme, holding its own key, tries every way we know to read globex's data through the query
 * API (other tenants' matchers and their spellings, regex and negative matchers on {@code tenant}, {@code __name__}
 * regexes, set operators and vector matching, subqueries, {@code label_replace}/{@code label_join} onto
 * {@code tenant}, offsets and {@code @}, {@code match[]} on the series and label endpoints, the metadata endpoint,
 * spoofed headers, malformed and huge queries). Each case states the answer it must get (status, and the error id of a refusal), and every
 * answer, refused or not, is searched for anything only globex has ({@link PrometheusWithTwoTenants#GLOBEX_ONLY}:
 * names, label names and values, sample values) that acme did not write into the request itself.
 */
@QuarkusTest
@WithTestResource(KeysOnKafka.class)
@WithTestResource(PrometheusWithTwoTenants.class)
class HostileQueryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OTHER_TENANT = "err-pb-query-other-tenant";
    private static final String INVALID = "err-pb-query-invalid";

    /** What one attempt must get back. {@code mustBeEmpty}: a 200 whose data holds nothing at all. */
    record Case(
            String name,
            String path,
            List<Map.Entry<String, String>> params,
            UnaryOperator<RequestSpecification> credentials,
            int status,
            String errorId,
            boolean mustBeEmpty) {
        @Override
        public String toString() {
            return name;
        }

        String requestText() {
            return params.stream().map(Map.Entry::getValue).collect(Collectors.joining(" "));
        }
    }

    private static RequestSpecification acmeKey(RequestSpecification r) {
        return r.header("Authorization", "Bearer " + TestKeys.ACME);
    }

    private static Case query(String name, String promql, int status, String errorId) {
        return new Case(
                name,
                "/api/v1/query",
                List.of(Map.entry("query", promql)),
                HostileQueryIT::acmeKey,
                status,
                errorId,
                false);
    }

    private static Case allowed(String name, String promql) {
        return query(name, promql, 200, null);
    }

    private static Case empty(String name, String promql) {
        return new Case(
                name, "/api/v1/query", List.of(Map.entry("query", promql)), HostileQueryIT::acmeKey, 200, null, true);
    }

    private static Case refused(String name, String promql) {
        return query(name, promql, 403, OTHER_TENANT);
    }

    private static Case lookup(
            String name, String path, List<String> matches, int status, String errorId, boolean empty) {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        matches.forEach(m -> params.add(Map.entry("match[]", m)));
        return new Case(name, path, params, HostileQueryIT::acmeKey, status, errorId, empty);
    }

    private static Case metadata(String name, List<Map.Entry<String, String>> params, int status, boolean empty) {
        return new Case(
                name,
                "/api/v1/metadata",
                params,
                HostileQueryIT::acmeKey,
                status,
                status == 200 ? null : INVALID,
                empty);
    }

    static Stream<Case> cases() {
        String now = Long.toString(System.currentTimeMillis() / 1000);
        String hourAgo = Long.toString(System.currentTimeMillis() / 1000 - 3600);
        String huge = "pb_test_requests" + " + pb_test_requests".repeat(1000);
        String deep = "(".repeat(3000) + "pb_test_requests" + ")".repeat(3000);
        return Stream.of(
                // --- another tenant's matcher, in every spelling
                refused("equal", "pb_test_requests{tenant=\"globex\"}"),
                refused("equal, no metric name", "{tenant=\"globex\"}"),
                refused("regex naming the other tenant", "pb_test_requests{tenant=~\"globex\"}"),
                refused("regex matching everything", "pb_test_requests{tenant=~\".*\"}"),
                refused("regex alternation with own tenant", "pb_test_requests{tenant=~\"acme|globex\"}"),
                refused("not equal to own tenant", "pb_test_requests{tenant!=\"acme\"}"),
                refused("negative regex", "pb_test_requests{tenant!~\"acme\"}"),
                refused("own and other tenant together", "pb_test_requests{tenant=\"acme\",tenant=\"globex\"}"),
                refused("empty tenant", "pb_test_requests{tenant=\"\"}"),
                refused("escaped spelling", "pb_test_requests{tenant=\"glob\\x65x\"}"),
                refused("single quotes", "pb_test_requests{tenant='globex'}"),
                refused("backticks", "pb_test_requests{tenant=`globex`}"),
                refused("inside an aggregation", "sum by (instance) (pb_test_requests{tenant=\"globex\"})"),
                refused("on the right of a binary operator", "pb_test_requests + pb_test_requests{tenant=\"globex\"}"),
                empty("label names are case-sensitive: TENANT is another label", "pb_test_requests{TENANT=\"globex\"}"),
                // --- __name__ regexes
                allowed("every metric name", "{__name__=~\".+\"}"),
                allowed("__name__ not empty", "{__name__!=\"\"}"),
                empty("the other tenant's metric names", "{__name__=~\"pb_test_globex_only|pb_secret_revenue\"}"),
                empty("a pattern that only the other tenant's names match", "{__name__=~\".*(globex|secret).*\"}"),
                empty("the other tenant's metric by name", "pb_secret_revenue"),
                // --- set operators and vector matching
                allowed("or with the other tenant's metric", "pb_test_requests or pb_test_globex_only"),
                allowed("unless the other tenant's metric", "pb_test_requests unless on() pb_secret_revenue"),
                empty("and on() the other tenant's metric", "pb_test_requests and on() pb_test_globex_only"),
                empty(
                        "group_left pulling the other tenant's labels",
                        "pb_test_requests * on() group_left(region) pb_secret_revenue"),
                empty("group_right", "sum(pb_test_requests) + on() group_right sum(pb_secret_revenue)"),
                allowed("absent() of the other tenant's metric", "absent(pb_secret_revenue)"),
                allowed("count by tenant over every name", "count by (tenant) ({__name__=~\".+\"})"),
                // --- subqueries
                empty("subquery over the other tenant's metric", "max_over_time(pb_secret_revenue[5m:10s])"),
                allowed("subquery over every name", "max_over_time({__name__=~\".+\"}[5m:30s])"),
                refused(
                        "subquery naming the other tenant",
                        "sum_over_time(pb_test_requests{tenant=\"globex\"}[5m:30s])"),
                // --- relabelling onto tenant
                allowed(
                        "label_replace onto tenant",
                        "label_replace(pb_test_requests, \"tenant\", \"globex\", \"\", \"\")"),
                allowed("label_join onto tenant", "label_join(pb_test_requests, \"tenant\", \"\", \"instance\")"),
                allowed("count_values into tenant", "count_values(\"tenant\", pb_test_requests)"),
                allowed(
                        "a selector inside a string is only a string",
                        "label_replace(pb_test_requests, \"x\", \"{tenant=\\\"globex\\\"}\", \"\", \"\")"),
                allowed("a selector inside a comment is only a comment", "pb_test_requests # {tenant=\"globex\"}"),
                // --- offsets and @
                empty("offset", "pb_test_globex_only offset 1m"),
                refused("negative offset naming the other tenant", "pb_test_requests{tenant=\"globex\"} offset -1m"),
                empty("@ end()", "pb_secret_revenue @ end()"),
                empty("@ a timestamp", "pb_secret_revenue @ " + now),
                // --- malformed and huge
                query("unterminated matcher", "pb_test_requests{tenant=\"globex\"", 400, INVALID),
                query("braces the wrong way round", "pb_test_requests}{", 400, INVALID),
                query("huge", huge, 400, "err-pb-query-too-long"),
                allowed("nested 3000 deep (parsed, scoped, evaluated)", deep),
                query("NUL byte", "pb_test_requests\u0000{tenant=\"globex\"}", 400, INVALID),
                // --- a second query parameter never reaches Prometheus
                new Case(
                        "two query parameters",
                        "/api/v1/query",
                        List.of(Map.entry("query", "pb_test_requests"), Map.entry("query", "pb_secret_revenue")),
                        HostileQueryIT::acmeKey,
                        200,
                        null,
                        false),
                new Case(
                        "range query naming the other tenant",
                        "/api/v1/query_range",
                        List.of(
                                Map.entry("query", "{tenant=\"globex\"}"),
                                Map.entry("start", hourAgo),
                                Map.entry("end", now),
                                Map.entry("step", "60")),
                        HostileQueryIT::acmeKey,
                        403,
                        OTHER_TENANT,
                        false),
                new Case(
                        "range query over the other tenant's metric",
                        "/api/v1/query_range",
                        List.of(
                                Map.entry("query", "pb_secret_revenue"),
                                Map.entry("start", hourAgo),
                                Map.entry("end", now),
                                Map.entry("step", "60")),
                        HostileQueryIT::acmeKey,
                        200,
                        null,
                        true),
                // --- match[] on the series and label endpoints
                lookup(
                        "series of the other tenant",
                        "/api/v1/series",
                        List.of("{tenant=\"globex\"}"),
                        403,
                        OTHER_TENANT,
                        false),
                lookup("series of every name", "/api/v1/series", List.of("{__name__=~\".+\"}"), 200, null, false),
                lookup(
                        "series of the other tenant's metric",
                        "/api/v1/series",
                        List.of("pb_test_globex_only"),
                        200,
                        null,
                        true),
                lookup(
                        "one innocent match[] and one naming the other tenant",
                        "/api/v1/series",
                        List.of("pb_test_requests", "pb_test_requests{tenant=~\".+\"}"),
                        403,
                        OTHER_TENANT,
                        false),
                lookup("label names without match[]", "/api/v1/labels", List.of(), 200, null, false),
                lookup(
                        "label names matching every tenant",
                        "/api/v1/labels",
                        List.of("{tenant=~\".+\"}"),
                        403,
                        OTHER_TENANT,
                        false),
                lookup("tenant values", "/api/v1/label/tenant/values", List.of(), 200, null, false),
                lookup("metric names", "/api/v1/label/__name__/values", List.of(), 200, null, false),
                lookup(
                        "the other tenant's instance",
                        "/api/v1/label/instance/values",
                        List.of("{instance=\"g1\"}"),
                        200,
                        null,
                        true),
                lookup("a label only the other tenant has", "/api/v1/label/region/values", List.of(), 200, null, true),
                // --- metadata: derived from the caller's own series names, never Prometheus' (not tenant-labelled)
                metadata("metadata of every metric", List.of(), 200, false),
                metadata(
                        "metadata of the other tenant's metric",
                        List.of(Map.entry("metric", "pb_secret_revenue")),
                        200,
                        true),
                metadata(
                        "metadata of the other tenant's other metric",
                        List.of(Map.entry("metric", "pb_test_globex_only")),
                        200,
                        true),
                metadata(
                        "metadata with a match[] naming the other tenant (not a metadata parameter: never sent)",
                        List.of(Map.entry("match[]", "{tenant=\"globex\"}")),
                        200,
                        false),
                metadata("metadata with a limit that is no number", List.of(Map.entry("limit", "1e9")), 400, false),
                // --- credentials that name another tenant
                new Case(
                        "X-Scope-OrgID next to a key",
                        "/api/v1/query",
                        List.of(Map.entry("query", "{__name__=~\".+\"}")),
                        r -> acmeKey(r).header(InternalApi.TENANT_HEADER, "globex"),
                        200,
                        null,
                        false),
                new Case(
                        "X-Scope-OrgID with a wrong internal token",
                        "/api/v1/query",
                        List.of(Map.entry("query", "{__name__=~\".+\"}")),
                        r -> r.header(InternalApi.TOKEN_HEADER, "guessed").header(InternalApi.TENANT_HEADER, "globex"),
                        401,
                        "err-pb-invalid-credentials",
                        false),
                new Case(
                        "basic auth naming the other tenant as user",
                        "/api/v1/query",
                        List.of(Map.entry("query", "{__name__=~\".+\"}")),
                        r -> r.header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(
                                                        ("globex:" + TestKeys.ACME).getBytes(StandardCharsets.UTF_8))),
                        200,
                        null,
                        false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void noAnswerHoldsAnotherTenantsData(Case c) throws Exception {
        // Encoded here, byte for byte (REST Assured's own encoding drops a NUL and what follows it). Label values is
        // GET only, as in Prometheus; everything else is a POST form, which has no URL length limit.
        String encoded = c.params().stream()
                .map(p -> URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        RequestSpecification request = c.credentials().apply(given().urlEncodingEnabled(false));
        Response response = c.path().startsWith("/api/v1/label/")
                ? request.get(c.path() + (encoded.isEmpty() ? "" : "?" + encoded))
                : request.contentType("application/x-www-form-urlencoded")
                        .body(encoded)
                        .post(c.path());
        String body = response.asString();

        assertThat(response.statusCode()).as(body).isEqualTo(c.status());
        JsonNode json = JSON.readTree(body);
        if (c.errorId() != null) {
            assertThat(json.path("errorId").asText()).as(body).isEqualTo(c.errorId());
        }
        assertThat(leaks(json, tokens(c.requestText()))).as(body).isEmpty();
        if (c.mustBeEmpty()) {
            JsonNode data = json.path("data");
            JsonNode items = data.has("result") ? data.path("result") : data;
            // an empty list, or the empty object of /api/v1/metadata
            assertThat(items.isContainerNode() && items.isEmpty()).as(body).isTrue();
        }
        if (c.status() == 200 && json.path("data").has("result")) {
            for (JsonNode series : json.path("data").path("result")) {
                JsonNode tenant = series.path("metric").path("tenant");
                // a tenant label is acme's own, or one acme's query wrote itself (label_replace and friends)
                if (!tenant.isMissingNode() && !c.requestText().contains("\"tenant\"")) {
                    assertThat(tenant.asText()).as(body).isEqualTo("acme");
                }
            }
        }
    }

    /** The identifiers and numbers in what the caller sent: what an answer may echo back without leaking. */
    private static Set<String> tokens(String requestText) {
        return Set.copyOf(Arrays.asList(requestText.split("[^A-Za-z0-9_.]+")));
    }

    /** Every string in the answer that only globex's data holds and the caller did not send. */
    private static List<String> leaks(JsonNode json, Set<String> sent) {
        List<String> found = new ArrayList<>();
        collect(json, sent, found);
        return found;
    }

    private static void collect(JsonNode node, Set<String> sent, List<String> found) {
        if (node.isTextual()) {
            String text = node.asText();
            if (PrometheusWithTwoTenants.GLOBEX_ONLY.contains(text) && !sent.contains(text)) {
                found.add(text);
            }
            return;
        }
        node.fieldNames().forEachRemaining(name -> {
            if (PrometheusWithTwoTenants.GLOBEX_ONLY.contains(name) && !sent.contains(name)) {
                found.add(name);
            }
        });
        node.elements().forEachRemaining(child -> collect(child, sent, found)); // array items, object values
    }
}
