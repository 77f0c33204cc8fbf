package dev.pulseboard.query;

import dev.pulseboard.testing.kafka.InProcessKafka;
import dev.pulseboard.testing.keys.TestKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real, in-process KRaft Kafka (test-support's {@link InProcessKafka}) holding the ingest-keys topic with the grants
 * of {@link TestKeys#ACME} and {@link TestKeys#GLOBEX}, written as tenant-service writes them (ADR 008); the query
 * frontend reads its keys from there, as in production.
 */
public class KeysOnKafka implements QuarkusTestResourceLifecycleManager {
    private InProcessKafka kafka;

    @Override
    public Map<String, String> start() {
        kafka = InProcessKafka.startWithTopics(1);
        TestKeys.grantAcmeAndGlobex(kafka.bootstrapServers());
        return Map.of("pulseboard.query.kafka.bootstrap-servers", kafka.bootstrapServers());
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }
}
