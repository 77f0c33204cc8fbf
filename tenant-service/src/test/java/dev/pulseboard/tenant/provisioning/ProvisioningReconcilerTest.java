package dev.pulseboard.tenant.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.provisioning.grafana.DocumentedGrafana;
import dev.pulseboard.tenant.provisioning.grafana.FakeReadKeys;
import dev.pulseboard.tenant.provisioning.grafana.GrafanaClient;
import dev.pulseboard.tenant.provisioning.grafana.GrafanaTarget;
import dev.pulseboard.tenant.provisioning.grafana.ReferenceDashboards;
import dev.pulseboard.tenant.provisioning.thanos.ThanosSettings;
import dev.pulseboard.tenant.provisioning.thanos.ThanosTarget;
import dev.pulseboard.tenant.provisioning.thanos.ThanosTenantLimits;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciler with both targets: Grafana replayed from its documented HTTP API (DocumentedGrafana), Thanos Receive's
 * files in a temporary directory, keys and the status table in memory. No real Grafana or Thanos runs here.
 */
class ProvisioningReconcilerTest {
    private static final TenantId ACME = new TenantId("acme");
    private static final TenantId GLOBEX = new TenantId("globex");
    private static final URI QUERY_URL = URI.create("https://query.pulseboard.example");
    private static final List<String> RECEIVE = List.of("receive-0.thanos:10907", "receive-1.thanos:10907");
    private static final ThanosTenantLimits LIMITS = new ThanosTenantLimits(5_242_880, 10_000, 50_000, 1_000_000);
    private static final Set<String> WRITES = Set.of("POST", "PUT", "DELETE", "PATCH");

    private final ObjectMapper json = new ObjectMapper();
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final Set<TenantId> active = new TreeSet<>((a, b) -> a.value().compareTo(b.value()));
    private final InMemoryStatus status = new InMemoryStatus();
    private final FakeReadKeys keys = new FakeReadKeys();

    @TempDir
    Path thanosDir;

    private DocumentedGrafana grafana;
    private Path hashring;
    private Path limits;
    private ProvisioningReconciler reconciler;

    @BeforeEach
    void start() {
        grafana = new DocumentedGrafana();
        grafana.planOrg("acme", 2);
        grafana.planOrg("globex", 3);
        hashring = thanosDir.resolve("hashrings.json");
        limits = thanosDir.resolve("limits.yaml");
        GrafanaTarget grafanaTarget = new GrafanaTarget(
                new GrafanaClient(grafana.settings(QUERY_URL), json),
                grafana.settings(QUERY_URL),
                keys,
                status,
                ReferenceDashboards.fromClasspath(json),
                json);
        ThanosTarget thanosTarget =
                new ThanosTarget(new ThanosSettings(hashring, Optional.of(limits), RECEIVE), tenant -> LIMITS);
        reconciler = new ProvisioningReconciler(
                () -> Set.copyOf(active),
                status,
                List.of(grafanaTarget, thanosTarget),
                Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        grafana.close();
    }

    @Test
    void twoTenantsGetAnOrganisationDatasourceAndDashboardsEachAndBothThanosFilesListThem() throws IOException {
        active.addAll(List.of(ACME, GLOBEX));

        List<LoggedRequest> requests = grafana.exchange(reconciler::run);

        assertThat(grafana.unmatched()).as("every request is a documented one").isEmpty();
        String basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString((DocumentedGrafana.ADMIN + ":" + DocumentedGrafana.PASSWORD)
                                .getBytes(StandardCharsets.UTF_8));
        assertThat(requests)
                .allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo(basic));
        assertThat(calls(requests))
                .startsWith(
                        "GET /api/orgs/name/acme",
                        "POST /api/orgs",
                        "GET /api/datasources/uid/acme @2",
                        "POST /api/datasources @2")
                .contains("GET /api/orgs/name/globex", "POST /api/datasources @3")
                .filteredOn(call -> call.startsWith("POST /api/dashboards/db"))
                .containsExactlyInAnyOrder(
                        "POST /api/dashboards/db @2",
                        "POST /api/dashboards/db @2",
                        "POST /api/dashboards/db @2",
                        "POST /api/dashboards/db @2",
                        "POST /api/dashboards/db @3",
                        "POST /api/dashboards/db @3",
                        "POST /api/dashboards/db @3",
                        "POST /api/dashboards/db @3");
        assertThat(grafana.orgNames()).containsExactly("acme", "globex");
        assertThat(grafana.orgId("acme")).isEqualTo(2);
        assertThat(grafana.orgId("globex")).isEqualTo(3);

        for (TenantId tenant : List.of(ACME, GLOBEX)) {
            String org = tenant.value();
            FakeReadKeys.Key key = keys.issuedTo(tenant).get(0);
            assertThat(keys.issuedTo(tenant)).hasSize(1);
            JsonNode datasource = grafana.datasource(org, tenant.value());
            assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
            assertThat(datasource.path("url").asText()).isEqualTo(QUERY_URL.toString());
            assertThat(datasource.path("access").asText()).isEqualTo("proxy");
            assertThat(datasource.path("isDefault").asBoolean()).isTrue();
            assertThat(datasource.path("jsonData").path("httpHeaderName1").asText())
                    .isEqualTo("Authorization");
            assertThat(datasource.path("jsonData").path("pulseboardKeyId").asText())
                    .isEqualTo(key.id().toString());
            assertThat(grafana.secret(org, tenant.value())
                            .path("httpHeaderValue1")
                            .asText())
                    .as("the tenant's own read key, as a bearer token")
                    .isEqualTo("Bearer " + key.raw());
            assertThat(status.readKey(tenant)).contains(key.id());

            assertThat(grafana.dashboards(org).keySet())
                    .as("the dashboards of dashboards/")
                    .isEqualTo(repositoryDashboardUids());
            grafana.dashboards(org)
                    .values()
                    .forEach(dashboard -> assertThat(dashboard
                                    .path("templating")
                                    .path("list")
                                    .get(0)
                                    .path("current")
                                    .path("value")
                                    .asText())
                            .as("the datasource variable points at the tenant's datasource")
                            .isEqualTo(tenant.value()));

            assertThat(status.status(tenant, Target.GRAFANA).orElseThrow().state())
                    .isEqualTo(ProvisioningState.READY);
            assertThat(status.status(tenant, Target.THANOS).orElseThrow().state())
                    .isEqualTo(ProvisioningState.READY);
        }

        JsonNode rings = json.readTree(hashring.toFile());
        assertThat(rings).hasSize(2);
        assertThat(rings.get(0).path("tenants").get(0).asText()).isEqualTo("acme");
        assertThat(rings.get(1).path("tenants").get(0).asText()).isEqualTo("globex");
        for (JsonNode ring : rings) {
            assertThat(ring.path("tenants")).hasSize(1);
            assertThat(json.convertValue(ring.path("endpoints"), List.class)).isEqualTo(RECEIVE);
        }
        JsonNode tenants = yaml.readTree(limits.toFile()).path("write").path("tenants");
        assertThat(names(tenants)).containsExactly("acme", "globex");
        JsonNode acme = tenants.path("acme");
        assertThat(acme.path("request").path("size_bytes_limit").asLong()).isEqualTo(5_242_880);
        assertThat(acme.path("request").path("series_limit").asLong()).isEqualTo(10_000);
        assertThat(acme.path("request").path("samples_limit").asLong()).isEqualTo(50_000);
        assertThat(acme.path("head_series_limit").asLong()).isEqualTo(1_000_000);
    }

    @Test
    void aSecondRunWritesNothingAnywhereAndIssuesNoKey() throws IOException {
        active.addAll(List.of(ACME, GLOBEX));
        grafana.exchange(reconciler::run);
        FileTime old = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        Files.setLastModifiedTime(hashring, old);
        Files.setLastModifiedTime(limits, old);
        String hashringBefore = Files.readString(hashring);
        String limitsBefore = Files.readString(limits);
        TargetStatus grafanaBefore = status.status(ACME, Target.GRAFANA).orElseThrow();

        List<LoggedRequest> second = grafana.exchange(reconciler::run);

        assertThat(second).isNotEmpty();
        assertThat(second)
                .as("only reads")
                .allSatisfy(r -> assertThat(WRITES).doesNotContain(r.getMethod().getName()));
        assertThat(grafana.unmatched()).isEmpty();
        assertThat(keys.issued()).hasSize(2);
        assertThat(keys.revocations()).isEmpty();
        assertThat(Files.getLastModifiedTime(hashring)).isEqualTo(old);
        assertThat(Files.getLastModifiedTime(limits)).isEqualTo(old);
        assertThat(Files.readString(hashring)).isEqualTo(hashringBefore);
        assertThat(Files.readString(limits)).isEqualTo(limitsBefore);
        assertThat(status.status(ACME, Target.GRAFANA).orElseThrow()).isEqualTo(grafanaBefore);
        try (Stream<Path> files = Files.list(thanosDir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("hashrings.json", "limits.yaml");
        }
    }

    @Test
    void grafanaDownFailsAloneThanosConvergesAndGrafanaCatchesUpOnceBack() throws IOException {
        active.add(ACME);
        grafana.down();

        reconciler.run();

        TargetStatus failed = status.status(ACME, Target.GRAFANA).orElseThrow();
        assertThat(failed.state()).isEqualTo(ProvisioningState.FAILED);
        assertThat(failed.detail()).contains("Grafana unreachable").contains("/api/orgs/name/acme");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(status.status(ACME, Target.THANOS).orElseThrow().state()).isEqualTo(ProvisioningState.READY);
        assertThat(Files.readString(hashring)).contains("\"acme\"");
        assertThat(Files.readString(limits)).contains("\"acme\":");
        assertThat(keys.issued()).as("no key before Grafana can take it").isEmpty();

        active.add(GLOBEX);
        reconciler.run();
        assertThat(status.status(ACME, Target.GRAFANA).orElseThrow().attempts()).isEqualTo(2);
        assertThat(status.status(GLOBEX, Target.GRAFANA).orElseThrow().state()).isEqualTo(ProvisioningState.FAILED);
        assertThat(Files.readString(hashring)).contains("\"acme\"", "\"globex\"");

        grafana.up();
        List<LoggedRequest> requests = grafana.exchange(reconciler::run);

        assertThat(grafana.unmatched()).isEmpty();
        assertThat(calls(requests)).contains("POST /api/datasources @2", "POST /api/datasources @3");
        for (TenantId tenant : List.of(ACME, GLOBEX)) {
            TargetStatus ready = status.status(tenant, Target.GRAFANA).orElseThrow();
            assertThat(ready.state()).isEqualTo(ProvisioningState.READY);
            assertThat(ready.attempts()).isZero();
            assertThat(ready.detail())
                    .contains("organisation " + tenant.value())
                    .contains("4 dashboards");
            assertThat(grafana.dashboards(tenant.value())).hasSize(4);
            assertThat(keys.issuedTo(tenant)).hasSize(1);
        }
    }

    @Test
    void aTenantLeavingTheDesiredStateIsRemovedEverywhereWithItsKey() throws IOException {
        active.addAll(List.of(ACME, GLOBEX));
        grafana.exchange(reconciler::run);
        UUID globexKey = status.readKey(GLOBEX).orElseThrow();
        UUID acmeKey = status.readKey(ACME).orElseThrow();

        active.remove(GLOBEX);
        List<LoggedRequest> requests = grafana.exchange(reconciler::run);

        assertThat(grafana.unmatched()).isEmpty();
        assertThat(calls(requests).stream().filter(c -> !c.startsWith("GET"))).containsExactly("DELETE /api/orgs/3");
        assertThat(grafana.orgNames()).containsExactly("acme");
        assertThat(keys.revocations()).containsExactly(globexKey);
        assertThat(keys.active(ACME)).containsExactly(acmeKey);
        assertThat(json.readTree(hashring.toFile()))
                .singleElement()
                .satisfies(
                        ring -> assertThat(ring.path("tenants").get(0).asText()).isEqualTo("acme"));
        assertThat(names(yaml.readTree(limits.toFile()).path("write").path("tenants")))
                .containsExactly("acme");
        assertThat(Files.readString(hashring) + Files.readString(limits)).doesNotContain("globex");
        assertThat(status.knows(GLOBEX)).as("no status row, no key left").isFalse();

        List<LoggedRequest> again = grafana.exchange(reconciler::run);
        assertThat(calls(again)).noneMatch(c -> c.contains("globex"));
    }

    @Test
    void deprovisionRemovesADeletingTenantAtOnceAndRefusesAnActiveOne() throws IOException {
        active.addAll(List.of(ACME, GLOBEX));
        grafana.exchange(reconciler::run);
        UUID globexKey = status.readKey(GLOBEX).orElseThrow();

        assertThatThrownBy(() -> reconciler.deprovision(GLOBEX))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ACTIVE");

        active.remove(GLOBEX); // its row is DELETING now
        List<Map<Target, Outcome>> outcomes = new ArrayList<>();
        List<LoggedRequest> requests = grafana.exchange(() -> outcomes.add(reconciler.deprovision(GLOBEX)));

        assertThat(outcomes.get(0))
                .allSatisfy((target, outcome) -> assertThat(outcome.kind()).isEqualTo(Outcome.Kind.REMOVED));
        assertThat(calls(requests)).containsExactly("GET /api/orgs/name/globex", "DELETE /api/orgs/3");
        assertThat(grafana.orgNames()).containsExactly("acme");
        assertThat(keys.revocations()).containsExactly(globexKey);
        assertThat(Files.readString(hashring) + Files.readString(limits))
                .contains("acme")
                .doesNotContain("globex");
        assertThat(status.knows(GLOBEX)).isFalse();
    }

    @Test
    void anUnwritableThanosDirectoryFailsThanosForEveryTenantAndLeavesGrafanaAlone() throws IOException {
        Path blocker = thanosDir.resolve("not-a-directory");
        Files.writeString(blocker, "x");
        ProvisioningReconciler broken = new ProvisioningReconciler(
                () -> Set.of(ACME),
                status,
                List.of(
                        new ThanosTarget(
                                new ThanosSettings(blocker.resolve("hashrings.json"), Optional.empty(), RECEIVE),
                                tenant -> LIMITS),
                        new GrafanaTarget(
                                new GrafanaClient(grafana.settings(QUERY_URL), json),
                                grafana.settings(QUERY_URL),
                                keys,
                                status,
                                ReferenceDashboards.fromClasspath(json),
                                json)),
                Clock.systemUTC());

        grafana.exchange(broken::run);

        TargetStatus thanos = status.status(ACME, Target.THANOS).orElseThrow();
        assertThat(thanos.state()).isEqualTo(ProvisioningState.FAILED);
        assertThat(thanos.detail())
                .isEqualTo("could not write the Thanos Receive hashring file")
                .doesNotContain(thanosDir.toString());
        assertThat(status.status(ACME, Target.GRAFANA).orElseThrow().state()).isEqualTo(ProvisioningState.READY);
    }

    @Test
    void aStatusStoreThatIsDownLosesOnlyTheRecordNotTheConvergence() {
        active.add(ACME);
        grafana.exchange(reconciler::run);
        status.fail();

        active.add(GLOBEX);
        List<Map<Target, Map<TenantId, Outcome>>> reports = new ArrayList<>();
        grafana.exchange(() -> reports.add(reconciler.run()));
        Map<Target, Map<TenantId, Outcome>> report = reports.get(0);

        // Grafana took GLOBEX's datasource but the store could not record its key: that tenant fails; Thanos converges.
        assertThat(report.get(Target.GRAFANA).get(GLOBEX).kind()).isEqualTo(Outcome.Kind.FAILED);
        assertThat(report.get(Target.THANOS).get(GLOBEX).kind()).isEqualTo(Outcome.Kind.READY);
        assertThat(report.get(Target.GRAFANA).get(ACME).kind()).isEqualTo(Outcome.Kind.READY);
        status.recover();
        grafana.exchange(reconciler::run);
        assertThat(status.status(GLOBEX, Target.GRAFANA).orElseThrow().state()).isEqualTo(ProvisioningState.READY);
        assertThat(keys.active(GLOBEX))
                .as("the key that reached Grafana is adopted, not replaced")
                .hasSize(1);
    }

    /** "METHOD /path @org" of each request, in order. */
    private static List<String> calls(List<LoggedRequest> requests) {
        return requests.stream()
                .map(r -> r.getMethod().getName() + " " + URI.create(r.getUrl()).getPath()
                        + (r.containsHeader("X-Grafana-Org-Id") ? " @" + r.getHeader("X-Grafana-Org-Id") : ""))
                .toList();
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The uids of the repository's dashboards/*.json, which the web-ui jar carries. */
    private Set<String> repositoryDashboardUids() throws IOException {
        Set<String> uids = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("..", "dashboards"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                uids.add(json.readTree(file.toFile()).path("uid").asText());
            }
        }
        return uids;
    }
}
