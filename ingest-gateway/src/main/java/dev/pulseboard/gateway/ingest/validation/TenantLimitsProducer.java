package dev.pulseboard.gateway.ingest.validation;

import dev.pulseboard.contract.limits.Limits;
import dev.pulseboard.contract.limits.TenantLimitsFeed;
import dev.pulseboard.gateway.config.GatewayConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The gateway's per-tenant limits: the tenant-limits topic, the same source the pipeline reads (ADR 005), so a
 * sample the gateway acknowledges is judged by the same limits downstream. Started eagerly and waited for up to
 * {@code limits.startup-timeout}; until it has read every override that existed at startup, ingest answers 503
 * (Kafka is down then anyway) and readiness is down, so the gateway never applies a default where a tenant has a
 * stricter limit.
 */
public class TenantLimitsProducer {
    @Produces
    @Singleton
    @Startup
    TenantLimitsFeed feed(GatewayConfig config) throws InterruptedException {
        TenantLimitsFeed feed = TenantLimitsFeed.start(
                config.kafka().bootstrapServers(), config.limits().topic(), Limits.DEFAULTS);
        feed.awaitCaughtUp(config.limits().startupTimeout(), "ingest answers 503 until they are");
        return feed;
    }

    void close(@Disposes TenantLimitsFeed feed) throws InterruptedException {
        feed.close();
    }
}
