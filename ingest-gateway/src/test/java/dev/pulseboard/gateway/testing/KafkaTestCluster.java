package dev.pulseboard.gateway.testing;

import dev.pulseboard.contract.tenant.IngestKeyGrants;
import dev.pulseboard.contract.tenant.IngestKeys;
import dev.pulseboard.contract.wire.v1.IngestKeyGrant;
import dev.pulseboard.testing.kafka.InProcessKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
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
        try (IngestKeyGrants grants = new IngestKeyGrants(kafka.bootstrapServers(), Duration.ofSeconds(30))) {
            grant(grants, TestKeys.ACME, "acme");
            grant(grants, TestKeys.GLOBEX, "globex");
        }
        return Map.of("pulseboard.gateway.kafka.bootstrap-servers", kafka.bootstrapServers());
    }

    /** Writes the grant of {@code key} to {@code tenant}, key id {@code key-<tenant>}, as tenant-service does. */
    public static void grant(IngestKeyGrants grants, String key, String tenant) {
        grants.grant(
                IngestKeys.hash(key),
                IngestKeyGrant.newBuilder()
                        .setTenant(tenant)
                        .setKeyId("key-" + tenant)
                        .setPrefix(IngestKeys.displayPrefix(key))
                        .build());
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }
}
