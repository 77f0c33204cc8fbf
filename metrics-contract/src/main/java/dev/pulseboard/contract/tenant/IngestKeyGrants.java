package dev.pulseboard.contract.tenant;

import dev.pulseboard.contract.feed.CompactedTopicWriter;
import dev.pulseboard.contract.wire.Topics;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.IngestKeyGrant;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The control plane's side of the ingest-keys topic (ADR 008): {@link #grant} when a key is issued, {@link #revoke}
 * when it is revoked, each returning only once Kafka acknowledged, so that a key is handed out only after every
 * gateway can learn it and a revocation is confirmed only once every gateway will apply it. Records are keyed by
 * the key's SHA-256; the raw key never travels.
 */
public final class IngestKeyGrants implements AutoCloseable {
    private final CompactedTopicWriter writer;

    public IngestKeyGrants(String bootstrapServers, Duration sendTimeout) {
        this(bootstrapServers, Topics.INGEST_KEYS, sendTimeout);
    }

    public IngestKeyGrants(String bootstrapServers, String topic, Duration sendTimeout) {
        this.writer = new CompactedTopicWriter(bootstrapServers, topic, "ingest-key-grants", sendTimeout);
    }

    public void grant(String keyHash, IngestKeyGrant grant) {
        writer.put(keyHash.getBytes(StandardCharsets.US_ASCII), WireCodec.encode(grant));
    }

    public void revoke(String keyHash) {
        writer.put(keyHash.getBytes(StandardCharsets.US_ASCII), null);
    }

    @Override
    public void close() {
        writer.close();
    }
}
