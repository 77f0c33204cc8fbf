package dev.pulseboard.gateway.auth;

import dev.pulseboard.contract.keys.KeyDirectory;
import dev.pulseboard.contract.keys.KeyResolver;
import dev.pulseboard.contract.keys.KeyScope;
import dev.pulseboard.contract.keys.KeyUsage;
import dev.pulseboard.contract.keys.TenantAuthenticator;
import dev.pulseboard.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The gateway's key checking, from metrics-contract's framework-free classes (the query frontend builds the same
 * three): the {@link KeyDirectory} read from the ingest-keys topic (ADR 008), started eagerly so that the first
 * request does not wait for it, the {@link KeyResolver} over it and the {@link TenantAuthenticator} every HTTP
 * protocol uses.
 */
public class Keys {

    @Produces
    @Singleton
    @Startup
    KeyDirectory directory(GatewayConfig config, MeterRegistry registry) throws InterruptedException {
        KeyDirectory directory = KeyDirectory.start(
                config.kafka().bootstrapServers(),
                config.keys().topic(),
                "ingest-key-directory",
                config.keys().startupTimeout());
        Gauge.builder("pulseboard.ingest.keys", directory, KeyDirectory::size)
                .description("Usable ingest keys known to this gateway (from the ingest-keys topic)")
                .register(registry);
        return directory;
    }

    void close(@Disposes KeyDirectory directory) throws InterruptedException {
        directory.close();
    }

    @Produces
    @Singleton
    KeyUsage usage(GatewayConfig config) {
        return KeyUsage.start(
                config.kafka().bootstrapServers(),
                config.keys().usageTopic(),
                "ingest-key-usage",
                config.keys().usageInterval());
    }

    void close(@Disposes KeyUsage usage) {
        usage.close();
    }

    @Produces
    @Singleton
    KeyResolver resolver(KeyDirectory directory, GatewayConfig config, MeterRegistry registry, KeyUsage usage) {
        Counter refused = Counter.builder("pulseboard.ingest.key.misses.refused")
                .description("Unknown keys refused without waiting because too many misses were already waiting")
                .register(registry);
        return new KeyResolver(
                directory, config.keys().missWait(), config.keys().maxPendingMisses(), refused::increment, usage);
    }

    @Produces
    @Singleton
    TenantAuthenticator authenticator(KeyResolver resolver, GatewayConfig config) {
        return new TenantAuthenticator(resolver, config.tenantService().retryAfter(), KeyScope.INGEST);
    }
}
