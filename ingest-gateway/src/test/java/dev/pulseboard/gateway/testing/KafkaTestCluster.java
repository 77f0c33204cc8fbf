package dev.pulseboard.gateway.testing;

import dev.pulseboard.testing.kafka.InProcessKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real, in-process KRaft Kafka 4.1 (test-support's {@link InProcessKafka}) for the test run, with the data plane's
 * topics created from their real settings (4 partitions). Points the gateway at it through
 * {@code pulseboard.gateway.kafka.bootstrap-servers}; tests read that property to consume what was written.
 */
public class KafkaTestCluster implements QuarkusTestResourceLifecycleManager {
    private InProcessKafka kafka;

    @Override
    public Map<String, String> start() {
        kafka = InProcessKafka.startWithTopics(4);
        return Map.of("pulseboard.gateway.kafka.bootstrap-servers", kafka.bootstrapServers());
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }
}
