package dev.pulseboard.gateway.testing;

/** Ingest keys granted on the test Kafka's ingest-keys topic (KafkaTestCluster). Test-only values; never real credentials. */
public final class TestKeys {
    public static final String ACME = "pbk_" + "a1".repeat(20);
    public static final String GLOBEX = "pbk_" + "b2".repeat(20);
    /** Well-formed but never granted. */
    public static final String UNKNOWN = "pbk_" + "c3".repeat(20);

    public static final String INTERNAL_TOKEN = "test-internal-token";

    private TestKeys() {}
}
