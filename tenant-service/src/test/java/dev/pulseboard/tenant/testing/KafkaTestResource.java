package dev.pulseboard.tenant.testing;

import dev.pulseboard.testing.kafka.InProcessKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real in-process Kafka (test-support's {@link InProcessKafka}) with the data plane's topics, ingest-keys
 * included: where tenant-service tells the gateways about keys (ADR 008). Tests read
 * {@code pulseboard.tenant.kafka.bootstrap-servers} to see what was written.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {
    private InProcessKafka kafka;

    @Override
    public Map<String, String> start() {
        kafka = InProcessKafka.startWithTopics(1);
        return Map.of("pulseboard.tenant.kafka.bootstrap-servers", kafka.bootstrapServers());
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }
}
