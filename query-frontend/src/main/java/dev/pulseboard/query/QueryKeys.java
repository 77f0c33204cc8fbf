package dev.pulseboard.query;

import dev.pulseboard.contract.keys.KeyDirectory;
import dev.pulseboard.contract.keys.KeyResolver;
import dev.pulseboard.contract.keys.KeyScope;
import dev.pulseboard.contract.keys.KeyUsage;
import dev.pulseboard.contract.keys.TenantAuthenticator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The query frontend checks keys exactly as the gateway does (metrics-contract's {@link KeyDirectory}, ADR 008): its
 * own in-memory copy of every grant, read from the ingest-keys topic, so a revoked key stops reading as soon as it
 * stops writing, and no query waits on tenant-service.
 */
public class QueryKeys {

    @Produces
    @Singleton
    @Startup
    KeyDirectory directory(QueryConfig config, MeterRegistry registry) throws InterruptedException {
        KeyDirectory directory = KeyDirectory.start(
                config.kafka().bootstrapServers(),
                config.keys().topic(),
                "query-key-directory",
                config.keys().startupTimeout());
        Gauge.builder("pulseboard.query.keys", directory, KeyDirectory::size)
                .description("Usable keys known to this query frontend (from the ingest-keys topic)")
                .register(registry);
        return directory;
    }

    void close(@Disposes KeyDirectory directory) throws InterruptedException {
        directory.close();
    }

    @Produces
    @Singleton
    KeyUsage usage(QueryConfig config) {
        return KeyUsage.start(
                config.kafka().bootstrapServers(),
                config.keys().usageTopic(),
                "query-key-usage",
                config.keys().usageInterval());
    }

    void close(@Disposes KeyUsage usage) {
        usage.close();
    }

    @Produces
    @Singleton
    TenantAuthenticator authenticator(
            KeyDirectory directory, QueryConfig config, MeterRegistry registry, KeyUsage usage) {
        Counter refused = Counter.builder("pulseboard.query.key.misses.refused")
                .description("Unknown keys refused without waiting because too many misses were already waiting")
                .register(registry);
        QueryConfig.Keys keys = config.keys();
        return new TenantAuthenticator(
                new KeyResolver(directory, keys.missWait(), keys.maxPendingMisses(), refused::increment, usage),
                keys.retryAfter(),
                KeyScope.READ);
    }
}
