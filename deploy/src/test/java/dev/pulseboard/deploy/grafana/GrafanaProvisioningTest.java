package dev.pulseboard.deploy.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.pulseboard.testing.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Grafana cannot run here, so its configuration is checked against the formats Grafana documents: grafana.ini lets
 * dashboards refresh every second (Grafana clamps to min_refresh_interval, default 5 s), the data source is a
 * Prometheus one pointing at the query frontend with the tenant's key, and every dashboard in dashboards/ refreshes
 * at 1 s, uses that data source and is loaded by the file provider.
 */
class GrafanaProvisioningTest {
    private static final Path GRAFANA = Repository.root().resolve("deploy/grafana");
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void grafanaLetsDashboardsRefreshEverySecond() throws IOException {
        String ini = Files.readString(GRAFANA.resolve("grafana.ini"));
        Matcher section =
                Pattern.compile("(?ms)^\\[dashboards]\\s*$(.*?)(^\\[|\\z)").matcher(ini);
        assertThat(section.find()).as("a [dashboards] section").isTrue();
        Matcher setting =
                Pattern.compile("(?m)^min_refresh_interval\\s*=\\s*(\\S+)\\s*$").matcher(section.group(1));
        assertThat(setting.find()).as("min_refresh_interval in [dashboards]").isTrue();
        assertThat(setting.group(1)).isEqualTo("1s");
    }

    @Test
    void theDataSourceIsTheQueryFrontendWithTheTenantsKey() throws IOException {
        JsonNode file = YAML.readTree(
                GRAFANA.resolve("provisioning/datasources/pulseboard.yaml").toFile());
        assertThat(file.path("apiVersion").asInt()).isEqualTo(1);
        JsonNode ds = file.path("datasources").get(0);
        assertThat(ds.path("type").asText()).isEqualTo("prometheus");
        assertThat(ds.path("access").asText()).isEqualTo("proxy");
        assertThat(ds.path("uid").asText()).isEqualTo("pulseboard");
        assertThat(ds.path("url").asText()).isEqualTo("${PULSEBOARD_QUERY_URL}");
        assertThat(ds.path("basicAuth").asBoolean()).isTrue();
        assertThat(ds.path("secureJsonData").path("basicAuthPassword").asText()).isEqualTo("${PULSEBOARD_KEY}");
        assertThat(ds.path("jsonData").path("timeInterval").asText()).isEqualTo("1s");
    }

    @Test
    void everyDashboardRefreshesEverySecondFromTheProvisionedProvider() throws IOException {
        JsonNode providers = YAML.readTree(
                GRAFANA.resolve("provisioning/dashboards/pulseboard.yaml").toFile());
        assertThat(providers.path("providers").get(0).path("type").asText()).isEqualTo("file");
        List<Path> dashboards;
        try (var files = Files.list(Repository.root().resolve("dashboards"))) {
            dashboards =
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(dashboards).hasSizeGreaterThanOrEqualTo(3);
        ObjectMapper json = new ObjectMapper();
        for (Path file : dashboards) {
            JsonNode d = json.readTree(file.toFile());
            assertThat(d.path("refresh").asText()).as(file.toString()).isEqualTo("1s");
            assertThat(d.path("uid").asText()).as(file.toString()).startsWith("pulseboard-");
            for (JsonNode panel : d.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("datasource").path("type").asText())
                            .as(
                                    "%s panel %s",
                                    file.getFileName(), panel.path("title").asText())
                            .isEqualTo("prometheus");
                }
            }
        }
    }
}
