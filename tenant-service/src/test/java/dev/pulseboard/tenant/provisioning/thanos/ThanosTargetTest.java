package dev.pulseboard.tenant.provisioning.thanos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.provisioning.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Receive files in Thanos' documented formats (https://thanos.io/tip/components/receive.md/): the hashring file
 * parsed as the JSON array it is, the limits file as YAML (by a YAML parser, not by string matching).
 */
class ThanosTargetTest {
    private static final List<String> RECEIVE = List.of("127.0.0.1:10907", "127.0.0.1:11907");
    private final ObjectMapper json = new ObjectMapper();
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path dir;

    private static Set<TenantId> tenants(String... ids) {
        Set<TenantId> tenants = new LinkedHashSet<>();
        for (String id : ids) {
            tenants.add(new TenantId(id));
        }
        return tenants;
    }

    @Test
    void everyTenantHasItsOwnHashringAndItsOwnLimitsAsTheLimitsSourceAnswers() throws IOException {
        Path hashring = dir.resolve("hashrings.json");
        Path limits = dir.resolve("conf/limits.yaml");
        Map<String, ThanosTenantLimits> plans = Map.of(
                "acme", new ThanosTenantLimits(1024, 1000, 10, 2000),
                "globex", new ThanosTenantLimits(0, 50_000, 500, 0));
        ThanosTarget target = new ThanosTarget(
                new ThanosSettings(hashring, Optional.of(limits), RECEIVE), tenant -> plans.get(tenant.value()));

        Map<TenantId, Outcome> outcomes = target.reconcile(tenants("acme", "globex"), tenants("initech"));

        assertThat(outcomes.get(new TenantId("acme")).kind()).isEqualTo(Outcome.Kind.READY);
        assertThat(outcomes.get(new TenantId("initech")).kind()).isEqualTo(Outcome.Kind.REMOVED);
        JsonNode rings = json.readTree(hashring.toFile());
        assertThat(rings.isArray()).isTrue();
        assertThat(rings).hasSize(2);
        assertThat(rings.get(0).path("tenants").get(0).asText()).isEqualTo("acme");
        assertThat(rings.get(0).path("endpoints").get(1).asText()).isEqualTo("127.0.0.1:11907");
        assertThat(rings.get(1).path("tenants").get(0).asText()).isEqualTo("globex");

        JsonNode write = yaml.readTree(limits.toFile()).path("write");
        assertThat(write.has("global")).isFalse();
        assertThat(write.has("default")).isFalse();
        JsonNode acme = write.path("tenants").path("acme");
        assertThat(acme.path("request").path("size_bytes_limit").asLong()).isEqualTo(1024);
        assertThat(acme.path("request").path("series_limit").asLong()).isEqualTo(1000);
        assertThat(acme.path("request").path("samples_limit").asLong()).isEqualTo(10);
        assertThat(acme.path("head_series_limit").asLong()).isEqualTo(2000);
        assertThat(write.path("tenants")
                        .path("globex")
                        .path("request")
                        .path("series_limit")
                        .asLong())
                .isEqualTo(50_000);
    }

    @Test
    void tenantIdsThatYamlWouldReadAsOtherTypesStayStrings() throws IOException {
        String rendered = LimitsFile.render(Map.of(
                new TenantId("yes"), new ThanosTenantLimits(1, 2, 3, 4),
                new TenantId("null"), new ThanosTenantLimits(1, 2, 3, 4)));

        JsonNode tenants = yaml.readTree(rendered).path("write").path("tenants");
        assertThat(tenants.has("yes")).isTrue();
        assertThat(tenants.has("null")).isTrue();
        assertThat(tenants.path("yes").path("head_series_limit").asLong()).isEqualTo(4);
    }

    @Test
    void noTenantsIsAnEmptyListOfHashringsAndAnEmptyTenantsMap() throws IOException {
        assertThat(json.readTree(HashringFile.render(List.of(), RECEIVE))).isEmpty();
        JsonNode tenants =
                yaml.readTree(LimitsFile.render(Map.of())).path("write").path("tenants");
        assertThat(tenants.isObject()).isTrue();
        assertThat(tenants).isEmpty();
    }

    @Test
    void unchangedContentIsNotWrittenChangedContentReplacesTheFileReadableByReceive() throws IOException {
        Path hashring = dir.resolve("hashrings.json");
        ThanosTarget target = new ThanosTarget(
                new ThanosSettings(hashring, Optional.empty(), RECEIVE), tenant -> new ThanosTenantLimits(0, 0, 0, 0));
        target.reconcile(tenants("acme"), Set.of());
        FileTime old = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        Files.setLastModifiedTime(hashring, old);

        target.reconcile(tenants("acme"), Set.of());
        assertThat(Files.getLastModifiedTime(hashring)).isEqualTo(old);

        target.reconcile(tenants("acme", "globex"), Set.of());
        assertThat(Files.getLastModifiedTime(hashring)).isNotEqualTo(old);
        assertThat(Files.readString(hashring)).contains("\"globex\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hashring)))
                .isEqualTo("rw-r--r--");
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file left behind").containsExactly(hashring);
        }
        assertThat(target.remove(new TenantId("globex"), tenants("acme")).kind())
                .isEqualTo(Outcome.Kind.REMOVED);
        assertThat(Files.readString(hashring)).doesNotContain("globex");
    }

    @Test
    void endpointsAreRequiredAndMustBeHostAndPort() {
        Path file = dir.resolve("h.json");
        assertThatThrownBy(() -> new ThanosSettings(file, Optional.empty(), List.of()))
                .hasMessageContaining("at least one Receive node");
        assertThatThrownBy(() -> new ThanosSettings(file, Optional.empty(), List.of("receive-0")))
                .hasMessageContaining("host:port");
        assertThatThrownBy(() -> new ThanosSettings(file, Optional.empty(), List.of("a:1\",\"evil:2")))
                .hasMessageContaining("host:port");
        assertThat(new ThanosSettings(file, Optional.empty(), List.of("[::1]:10907", "receive-0.thanos.svc:10907"))
                        .endpoints())
                .hasSize(2);
        assertThatThrownBy(() -> new ThanosTenantLimits(-1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
