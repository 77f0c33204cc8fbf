package dev.pulseboard.gateway.testing;

import dev.pulseboard.contract.wire.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real, in-process KRaft Kafka 4.1 (one combined broker+controller on loopback, free ports) for the test run,
 * with metrics-raw created up front (4 partitions, RF 1). Points the gateway at it through
 * {@code pulseboard.gateway.kafka.bootstrap-servers}; tests read that property to consume what was written.
 */
public class KafkaTestCluster implements QuarkusTestResourceLifecycleManager {
    private KafkaClusterTestKit cluster;

    @Override
    public Map<String, String> start() {
        try {
            cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                            .setCombined(true)
                            .setNumBrokerNodes(1)
                            .setNumControllerNodes(1)
                            .build())
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            createTopic(cluster.bootstrapServers());
            return Map.of("pulseboard.gateway.kafka.bootstrap-servers", cluster.bootstrapServers());
        } catch (Exception e) {
            throw new IllegalStateException("in-process Kafka did not start", e);
        }
    }

    private static void createTopic(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(Topics.METRICS_RAW, 4, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void stop() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("in-process Kafka did not stop cleanly", e);
        }
    }
}
