package dev.pulseboard.gateway.auth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.pulseboard.contract.tenant.IngestKeys;
import dev.pulseboard.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Resolves a raw ingest key to its tenant, for every protocol (HTTP header, StatsD name prefix, ...).
 *
 * <p>Contract: a key that is not {@code pbk_<40 hex>} is {@link KeyLookup#UNKNOWN} without any network call.
 * Well-formed keys are looked up by SHA-256 and both answers are cached (positive and negative TTLs from
 * {@code pulseboard.gateway.key-cache.*}); concurrent lookups of one key share one request. A failed lookup is not
 * cached, so the next request retries. Never blocks: callers on an event loop can chain on the future.
 */
@ApplicationScoped
public class KeyResolver {
    private final TenantServiceClient client;
    private final AsyncCache<String, KeyLookup> cache;

    public KeyResolver(TenantServiceClient client, GatewayConfig config) {
        this.client = client;
        GatewayConfig.KeyCache c = config.keyCache();
        this.cache = Caffeine.newBuilder()
                .maximumSize(c.maxSize())
                .expireAfter(new ByAnswer(c.positiveTtl(), c.negativeTtl()))
                .buildAsync();
    }

    /** Completes with the lookup, or exceptionally with {@link TenantServiceUnavailableException}. */
    public CompletableFuture<KeyLookup> resolve(String rawKey) {
        if (!IngestKeys.isWellFormed(rawKey)) {
            return CompletableFuture.completedFuture(KeyLookup.UNKNOWN);
        }
        return cache.get(IngestKeys.hash(rawKey), (hash, executor) -> client.lookup(hash));
    }

    /** Known keys live for the positive TTL, unknown ones for the (shorter) negative TTL. */
    private record ByAnswer(Duration positive, Duration negative) implements Expiry<String, KeyLookup> {
        @Override
        public long expireAfterCreate(String key, KeyLookup value, long currentTime) {
            return (value instanceof KeyLookup.Known ? positive : negative).toNanos();
        }

        @Override
        public long expireAfterUpdate(String key, KeyLookup value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
        }

        @Override
        public long expireAfterRead(String key, KeyLookup value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
