package dev.pulseboard.gateway.testing;

import dev.pulseboard.testing.kafka.InProcessKafka;
import dev.pulseboard.testing.keys.TestKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real, in-process KRaft Kafka 4.1 (test-support's {@link InProcessKafka}) for the test run, with the data plane's
 * topics created from their real settings (4 partitions), and the grants of {@link TestKeys#ACME} and {@link
 * TestKeys#GLOBEX} on the ingest-keys topic, written as tenant-service writes them (ADR 008). Points the gateway at it
 * through {@code pulseboard.gateway.kafka.bootstrap-servers}; tests read that property to consume what was written
 * and to grant or revoke keys of their own.
 */
public class KafkaTestCluster implements QuarkusTestResourceLifecycleManager {
    private InProcessKafka kafka;

    @Override
    public Map<String, String> start() {
        kafka = InProcessKafka.startWithTopics(4);
        TestKeys.grantAcmeAndGlobex(kafka.bootstrapServers());
        return Map.of("pulseboard.gateway.kafka.bootstrap-servers", kafka.bootstrapServers());
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }
}
