package dev.pulseboard.query;

import dev.pulseboard.contract.limits.OverridesFeed;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Each tenant's query limits: {@code pulseboard.query.defaults.*} with the query fields of the compacted tenant-limits
 * topic applied (the {@code *} record for everyone, then the tenant's own: its plan and overrides, written by
 * tenant-service, ADR 014), so a limit changed through tenant-service's API or {@code ./pulseboard limits} applies
 * without a restart. Startup waits {@code limits.startup-timeout} for the existing records; until they are read every
 * tenant gets the defaults (gauge {@code pulseboard_query_limits_ready} is 0 meanwhile).
 */
public class TenantQueryLimits {
    @Produces
    @Singleton
    @Startup
    OverridesFeed<QueryLimits> feed(QueryConfig config, MeterRegistry registry) throws InterruptedException {
        OverridesFeed<QueryLimits> feed = OverridesFeed.start(
                config.kafka().bootstrapServers(),
                config.limits().topic(),
                "query-limits-feed",
                QueryLimits.of(config.defaults()),
                QueryLimits::with);
        feed.awaitCaughtUp(config.limits().startupTimeout(), "tenants get the default query limits until they are");
        Gauge.builder("pulseboard.query.limits.ready", feed, f -> f.ready() ? 1 : 0)
                .description("1 once the tenant-limits topic was read up to where it was at startup")
                .register(registry);
        return feed;
    }

    void close(@Disposes OverridesFeed<QueryLimits> feed) throws InterruptedException {
        feed.close();
    }
}
