package dev.pulseboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.wire.Topics;
import dev.pulseboard.testing.kafka.InProcessKafka;
import dev.pulseboard.testing.postgres.PostgresServer;
import dev.pulseboard.testing.prometheus.AlertmanagerServer;
import dev.pulseboard.testing.prometheus.PrometheusServer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** The launchers start the real servers, configured as the stack configures them, and stop them again. */
class LaunchersIT {

    @Test
    void kafkaTopicsCarryTheDataPlanesSettings() throws Exception {
        try (InProcessKafka kafka = InProcessKafka.startWithTopics(2);
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .containsAll(Set.of(Topics.METRICS_RAW, Topics.METRICS_AGG, Topics.TENANT_LIMITS));
            ConfigResource raw = new ConfigResource(ConfigResource.Type.TOPIC, Topics.METRICS_RAW);
            ConfigResource limits = new ConfigResource(ConfigResource.Type.TOPIC, Topics.TENANT_LIMITS);
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(List.of(raw, limits)).all().get(30, TimeUnit.SECONDS);
            assertThat(configs.get(raw).get("message.timestamp.type").value()).isEqualTo("LogAppendTime");
            assertThat(configs.get(limits).get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    void prometheusRunsWithTheStacksConfiguration() {
        try (PrometheusServer prometheus = PrometheusServer.start()) {
            assertThat(Http.status(prometheus.url() + "/-/ready")).isEqualTo(200);
            assertThat(Http.status(prometheus.url() + "/api/v1/status/config")).isEqualTo(200);
        }
    }

    @Test
    void alertmanagerAnswersAndStopsWithItsProcess() {
        AlertmanagerServer am = AlertmanagerServer.start();
        ProcessHandle handle = am.handle();
        assertThat(Http.status(am.url() + "/api/v2/status")).isEqualTo(200);
        am.close();
        assertThat(handle.isAlive()).isFalse();
    }

    @Test
    void postgresRequiresItsPassword() {
        try (PostgresServer pg = PostgresServer.start("pulseboard")) {
            assertThat(pg.psql("select count(*) from pg_database where datname = 'pulseboard'")
                            .trim())
                    .isEqualTo("1");
            assertThat(pg.psql("select count(*) from pg_hba_file_rules where auth_method = 'trust'")
                            .trim())
                    .isEqualTo("0");
        }
    }
}
