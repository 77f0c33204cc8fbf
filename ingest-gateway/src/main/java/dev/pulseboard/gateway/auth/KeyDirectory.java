package dev.pulseboard.gateway.auth;

import dev.pulseboard.contract.feed.CompactedTopicFollower;
import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.IngestKeyGrant;
import dev.pulseboard.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Every usable ingest key's grant, by the key's SHA-256, held in memory and kept current from the compacted
 * ingest-keys topic that tenant-service writes (ADR 008). A revocation is a tombstone: the key is gone from this map
 * as soon as the follower reads it (well under a second), on every gateway instance. Lookups are a map read: no
 * network call, no cache to evict, and nothing to do while tenant-service is down.
 *
 * <p>Memory: about 300 bytes per key (hash string, grant, map entry), so a million keys cost ~300 MiB; documented in
 * docs/ingest.md. Started eagerly; until every grant that existed at startup is read, {@link #ready()} is false and
 * authentication answers 503.
 */
@Singleton
@Startup
public class KeyDirectory {
    private static final Logger LOG = Logger.getLogger(KeyDirectory.class);

    private final Map<String, KeyLookup.Known> byHash = new ConcurrentHashMap<>();
    private final CompactedTopicFollower follower;

    public KeyDirectory(GatewayConfig config, MeterRegistry registry) throws InterruptedException {
        GatewayConfig.Keys keys = config.keys();
        this.follower = CompactedTopicFollower.start(
                config.kafka().bootstrapServers(), keys.topic(), "ingest-key-directory", this::apply);
        Gauge.builder("pulseboard.ingest.keys", byHash, Map::size)
                .description("Usable ingest keys known to this gateway (from the ingest-keys topic)")
                .register(registry);
        if (!follower.awaitCaughtUp(keys.startupTimeout())) {
            LOG.warnf(
                    "ingest keys not read from %s within %s (Kafka down or topic missing?); authentication answers 503"
                            + " until they are",
                    keys.topic(), keys.startupTimeout());
        }
    }

    /** The grant of the key with this SHA-256, or null when no usable key has it. */
    public KeyLookup.Known find(String keyHash) {
        return byHash.get(keyHash);
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
            LOG.warnf(
                    "ingest-keys record skipped (%s); the key it names is refused",
                    decoded.isOk() ? "invalid tenant id" : decoded.error().id());
            return;
        }
        IngestKeyGrant g = decoded.message();
        byHash.put(hash, new KeyLookup.Known(g.getTenant(), g.getKeyId(), g.getPrefix()));
    }

    @PreDestroy
    void close() throws InterruptedException {
        follower.close();
    }
}
