package dev.pulseboard.contract.keys;

import dev.pulseboard.contract.feed.CompactedTopicFollower;
import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.IngestKeyGrant;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every usable key's grant, by the key's SHA-256, held in memory and kept current from the compacted ingest-keys
 * topic that tenant-service writes (ADR 008). A revocation is a tombstone: the key is gone from this map as soon as
 * the follower reads it (well under a second), on every instance of every service that checks keys (the ingest
 * gateway and the query frontend each hold one). Lookups are a map read: no network call, no cache to evict, and
 * nothing to do while tenant-service is down.
 *
 * <p>Memory: about 300 bytes per key (hash string, grant, map entry), so a million keys cost ~300 MiB; documented in
 * docs/ingest.md. Until every grant that existed at startup is read, {@link #ready()} is false and authentication
 * answers 503.
 */
public final class KeyDirectory implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KeyDirectory.class.getName());

    private final Map<String, KeyLookup.Known> byHash = new ConcurrentHashMap<>();
    private final CompactedTopicFollower follower;

    private KeyDirectory(String bootstrapServers, String topic, String clientName) {
        this.follower = CompactedTopicFollower.start(bootstrapServers, topic, clientName, this::apply);
    }

    /**
     * Starts following {@code topic} and waits up to {@code startupTimeout} for the grants that exist now; past that
     * it goes on (logging why) and {@link #ready()} turns true once they are read.
     */
    public static KeyDirectory start(String bootstrapServers, String topic, String clientName, Duration startupTimeout)
            throws InterruptedException {
        KeyDirectory directory = new KeyDirectory(bootstrapServers, topic, clientName);
        if (!directory.follower.awaitCaughtUp(startupTimeout)) {
            LOG.log(
                    Level.WARNING,
                    () -> "ingest keys not read from " + topic + " within " + startupTimeout
                            + " (Kafka down or topic missing?); authentication answers 503 until they are");
        }
        return directory;
    }

    /** The grant of the key with this SHA-256, or null when no usable key has it. */
    public KeyLookup.Known find(String keyHash) {
        return byHash.get(keyHash);
    }

    /** Usable keys known now. */
    public int size() {
        return byHash.size();
    }

    /** Every grant that existed at startup has been read. */
    public boolean ready() {
        return follower.caughtUp();
    }

    /** See {@link CompactedTopicFollower#afterPolls}. */
    CompletableFuture<Void> afterPolls(int n) {
        return follower.afterPolls(n);
    }

    private void apply(byte[] key, byte[] value) {
        String hash = new String(key, StandardCharsets.US_ASCII);
        if (value == null) {
            byHash.remove(hash);
            return;
        }
        WireCodec.Decoded<IngestKeyGrant> decoded = WireCodec.decode(value, IngestKeyGrant.parser());
        if (!decoded.isOk() || !TenantId.isValid(decoded.message().getTenant())) {
            // Fail closed: a grant we cannot read authorises nothing.
            byHash.remove(hash);
            String why = decoded.isOk() ? "invalid tenant id" : decoded.error().id();
            LOG.log(Level.WARNING, () -> "ingest-keys record skipped (" + why + "); the key it names is refused");
            return;
        }
        IngestKeyGrant g = decoded.message();
        byHash.put(hash, new KeyLookup.Known(g.getTenant(), g.getKeyId(), g.getPrefix(), KeyScope.of(g)));
    }

    @Override
    public void close() throws InterruptedException {
        follower.close();
    }
}
