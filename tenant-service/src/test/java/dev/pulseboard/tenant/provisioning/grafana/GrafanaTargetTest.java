package dev.pulseboard.tenant.provisioning.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.provisioning.Outcome;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Grafana target's key handling and repairs, against Grafana's documented HTTP API (DocumentedGrafana). */
class GrafanaTargetTest {
    private static final TenantId ACME = new TenantId("acme");
    private static final URI QUERY_URL = URI.create("http://query.internal:19084");

    private final ObjectMapper json = new ObjectMapper();
    private final DocumentedGrafana grafana = new DocumentedGrafana();
    private final FakeReadKeys keys = new FakeReadKeys();
    private final MapLedger ledger = new MapLedger();

    @BeforeEach
    void plan() {
        grafana.planOrg("acme", 2);
    }

    @AfterEach
    void stop() {
        grafana.close();
    }

    private GrafanaTarget target(URI queryUrl) {
        GrafanaSettings settings = grafana.settings(queryUrl);
        return new GrafanaTarget(
                new GrafanaClient(settings, json),
                settings,
                keys,
                ledger,
                ReferenceDashboards.fromClasspath(json),
                json);
    }

    private Outcome provision(GrafanaTarget target, List<LoggedRequest> requests) {
        Outcome[] outcome = new Outcome[1];
        requests.addAll(grafana.exchange(
                () -> outcome[0] = target.reconcile(Set.of(ACME), Set.of()).get(ACME)));
        return outcome[0];
    }

    @Test
    void aKeyGrafanaDidNotTakeIsRevokedAtOnceAndTheNextRunIssuesOneKeyOnly() {
        GrafanaTarget target = target(QUERY_URL);
        grafana.failDatasourceWrites();

        Outcome failed = provision(target, new ArrayList<>());

        assertThat(failed.kind()).isEqualTo(Outcome.Kind.FAILED);
        assertThat(failed.detail())
                .isEqualTo("POST /api/datasources answered 500: Failed to add datasource")
                .doesNotContain("pbk_");
        assertThat(keys.issuedTo(ACME))
                .singleElement()
                .satisfies(key -> assertThat(key.revoked()).isTrue());
        assertThat(ledger.readKey(ACME)).isEmpty();

        grafana.acceptDatasourceWrites();
        Outcome ready = provision(target, new ArrayList<>());

        assertThat(ready.kind()).isEqualTo(Outcome.Kind.READY);
        assertThat(keys.issuedTo(ACME)).hasSize(2);
        assertThat(keys.active(ACME)).containsExactly(ledger.readKey(ACME).orElseThrow());
        assertThat(grafana.unmatched()).isEmpty();
    }

    @Test
    void aKeyTheTenantRevokedIsReplacedWithAnUpdateAndNothingElse() {
        GrafanaTarget target = target(QUERY_URL);
        provision(target, new ArrayList<>());
        UUID first = ledger.readKey(ACME).orElseThrow();
        keys.revokedByTenant(first);

        List<LoggedRequest> requests = new ArrayList<>();
        Outcome outcome = provision(target, requests);

        assertThat(outcome.kind()).isEqualTo(Outcome.Kind.READY);
        assertThat(writes(requests)).containsExactly("PUT /api/datasources/uid/acme");
        UUID second = ledger.readKey(ACME).orElseThrow();
        assertThat(second).isNotEqualTo(first);
        assertThat(grafana.secret("acme", "acme").path("httpHeaderValue1").asText())
                .isEqualTo("Bearer " + keys.key(second).raw());
        assertThat(grafana.datasource("acme", "acme").path("version").asLong()).isEqualTo(2);
    }

    @Test
    void aNewQueryUrlRewritesTheDatasourceWithANewKeyAndRevokesTheOldOne() {
        provision(target(QUERY_URL), new ArrayList<>());
        UUID first = ledger.readKey(ACME).orElseThrow();

        List<LoggedRequest> requests = new ArrayList<>();
        provision(target(URI.create("https://query.pulseboard.example")), requests);

        assertThat(writes(requests)).containsExactly("PUT /api/datasources/uid/acme");
        UUID second = ledger.readKey(ACME).orElseThrow();
        assertThat(keys.revocations()).containsExactly(first);
        assertThat(keys.active(ACME)).containsExactly(second);
        assertThat(grafana.datasource("acme", "acme").path("url").asText())
                .isEqualTo("https://query.pulseboard.example");
    }

    @Test
    void anOrganisationMadeBySomeoneElseGetsTheAdminAsMemberAndIsUsedAsItIs() {
        grafana.existingOrg("acme", 7, "someone");

        List<LoggedRequest> requests = new ArrayList<>();
        Outcome outcome = provision(target(QUERY_URL), requests);

        assertThat(outcome.kind()).isEqualTo(Outcome.Kind.READY);
        assertThat(outcome.detail()).startsWith("organisation acme (id 7)");
        assertThat(writes(requests)).startsWith("POST /api/orgs/7/users").doesNotContain("POST /api/orgs");
        assertThat(requests.stream()
                        .filter(r -> r.getUrl().equals("/api/orgs/7/users")
                                && r.getMethod().getName().equals("POST"))
                        .findFirst()
                        .orElseThrow()
                        .getBodyAsString())
                .isEqualTo("{\"loginOrEmail\":\"admin\",\"role\":\"Admin\"}");
        assertThat(grafana.members("acme")).contains("someone", DocumentedGrafana.ADMIN);
        assertThat(grafana.unmatched()).isEmpty();
    }

    @Test
    void aDashboardChangedInGrafanaIsImportedAgainAndOnlyThatOne() {
        GrafanaTarget target = target(QUERY_URL);
        provision(target, new ArrayList<>());
        grafana.editDashboard("acme", "pulseboard-ops", "Edited in Grafana");

        List<LoggedRequest> requests = new ArrayList<>();
        provision(target, requests);

        assertThat(writes(requests)).containsExactly("POST /api/dashboards/db");
        assertThat(grafana.dashboards("acme")
                        .get("pulseboard-ops")
                        .path("title")
                        .asText())
                .isEqualTo("Real-Time Operations Dashboard");
        assertThat(grafana.dashboards("acme")
                        .get("pulseboard-ops")
                        .path("version")
                        .asLong())
                .isEqualTo(3);
    }

    @Test
    void removingATenantWithoutOrganisationOrKeyIsDone() {
        Outcome[] outcome = new Outcome[1];
        List<LoggedRequest> requests =
                grafana.exchange(() -> outcome[0] = target(QUERY_URL).remove(ACME, Set.of()));

        assertThat(outcome[0].kind()).isEqualTo(Outcome.Kind.REMOVED);
        assertThat(outcome[0].detail()).isEqualTo("no organisation");
        assertThat(requests)
                .singleElement()
                .satisfies(r -> assertThat(r.getUrl()).isEqualTo("/api/orgs/name/acme"));
    }

    @Test
    void anIdThatNeedsEscapingIsOneSegment() {
        assertThat(GrafanaClient.segment("Main Org.")).isEqualTo("Main%20Org.");
        assertThat(GrafanaClient.segment("a/b?c")).isEqualTo("a%2Fb%3Fc");
        assertThat(GrafanaClient.segment("ü")).isEqualTo("%C3%BC");
        assertThat(GrafanaClient.segment("acme-2")).isEqualTo("acme-2");
    }

    @Test
    void theSettingsNeverPrintThePassword() {
        assertThat(grafana.settings(QUERY_URL).toString()).doesNotContain(DocumentedGrafana.PASSWORD);
        assertThat(new ReadKey(UUID.randomUUID(), "pbk_secret").toString()).doesNotContain("pbk_secret");
    }

    private static List<String> writes(List<LoggedRequest> requests) {
        return requests.stream()
                .filter(r -> !r.getMethod().getName().equals("GET"))
                .map(r -> r.getMethod().getName() + " " + URI.create(r.getUrl()).getPath())
                .toList();
    }

    /** The read-key column of provisioning_status, in memory. */
    private static final class MapLedger implements ReadKeyLedger {
        private final Map<TenantId, UUID> keys = new HashMap<>();

        @Override
        public Optional<UUID> readKey(TenantId tenant) {
            return Optional.ofNullable(keys.get(tenant));
        }

        @Override
        public void recordReadKey(TenantId tenant, UUID id) {
            keys.put(tenant, id);
        }
    }
}
