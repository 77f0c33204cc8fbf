package dev.pulseboard.contract.limits;

import java.time.Duration;

/**
 * The ingest limits ({@link Limits}) of every tenant from the compacted tenant-limits topic: one source of limits for
 * the gateway and the pipeline, changed without a restart (ADR 005). The key {@value #PLATFORM} holds overrides of the
 * platform defaults for every tenant; a tenant's own overrides apply on top (see {@link OverridesFeed}).
 */
public final class TenantLimitsFeed implements TenantLimits, AutoCloseable {
    /** Key of the record that overrides the platform defaults for every tenant. */
    public static final String PLATFORM = OverridesFeed.PLATFORM;

    private final OverridesFeed<Limits> feed;

    private TenantLimitsFeed(OverridesFeed<Limits> feed) {
        this.feed = feed;
    }

    /** Starts reading {@code topic} at {@code bootstrapServers}; see {@link #awaitCaughtUp}. */
    public static TenantLimitsFeed start(String bootstrapServers, String topic, Limits defaults) {
        return new TenantLimitsFeed(OverridesFeed.start(
                bootstrapServers, topic, "tenant-limits-feed", defaults, LimitsOverridesCodec::apply));
    }

    /** Waits until every record that existed when the feed started was applied; false on timeout. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return feed.awaitCaughtUp(timeout);
    }

    /** See {@link OverridesFeed#awaitCaughtUp(Duration, String)}. */
    public boolean awaitCaughtUp(Duration timeout, String meanwhile) throws InterruptedException {
        return feed.awaitCaughtUp(timeout, meanwhile);
    }

    @Override
    public Limits limitsFor(String tenant) {
        return feed.limitsFor(tenant);
    }

    @Override
    public boolean ready() {
        return feed.ready();
    }

    @Override
    public void close() throws InterruptedException {
        feed.close();
    }
}
