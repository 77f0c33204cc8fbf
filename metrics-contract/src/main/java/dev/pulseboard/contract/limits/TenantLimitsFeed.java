package dev.pulseboard.contract.limits;

import dev.pulseboard.contract.feed.CompactedTopicFollower;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.LimitsOverrides;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Per-tenant limits from the compacted tenant-limits topic (key = tenant id, value = framed {@link LimitsOverrides},
 * no value = no overrides): one source of limits for the gateway and the pipeline, changed without a restart (ADR
 * 005). The key {@value #PLATFORM} holds overrides of the platform defaults for every tenant; a tenant's own
 * overrides apply on top. A {@link CompactedTopicFollower} reads the topic from its beginning and this keeps the
 * latest overrides; {@link #limitsFor} is a map lookup. A record that does not decode is skipped and leaves the
 * previous limits in force.
 */
public final class TenantLimitsFeed implements TenantLimits, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TenantLimitsFeed.class.getName());

    /** Key of the record that overrides the platform defaults for every tenant. */
    public static final String PLATFORM = "*";

    private final Limits defaults;
    private final Map<String, LimitsOverrides> overrides = new ConcurrentHashMap<>();
    private volatile Limits platform;
    private volatile Map<String, Limits> perTenant = Map.of();
    private CompactedTopicFollower follower;

    private TenantLimitsFeed(Limits defaults) {
        this.defaults = defaults;
        this.platform = defaults;
    }

    /** Starts reading {@code topic} at {@code bootstrapServers}; see {@link #awaitCaughtUp}. */
    public static TenantLimitsFeed start(String bootstrapServers, String topic, Limits defaults) {
        TenantLimitsFeed feed = new TenantLimitsFeed(defaults);
        feed.follower = CompactedTopicFollower.start(bootstrapServers, topic, "tenant-limits-feed", feed::apply);
        return feed;
    }

    /** Waits until every record that existed when the feed started was applied; false on timeout. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return follower.awaitCaughtUp(timeout);
    }

    @Override
    public Limits limitsFor(String tenant) {
        return perTenant.getOrDefault(tenant, platform);
    }

    @Override
    public boolean ready() {
        return follower.caughtUp();
    }

    private void apply(byte[] key, byte[] value) {
        String tenant = new String(key, StandardCharsets.UTF_8);
        if (value == null) {
            overrides.remove(tenant);
        } else {
            WireCodec.Decoded<LimitsOverrides> decoded = WireCodec.decode(value, LimitsOverrides.parser());
            if (!decoded.isOk()) {
                LOG.warning(() -> "skipped tenant-limits record of " + tenant + ": "
                        + decoded.error().id());
                return;
            }
            overrides.put(tenant, decoded.message());
        }
        recompute();
    }

    /** Records are rare (an operator or the control plane changing a limit): recompute every tenant's limits. */
    private void recompute() {
        Limits p = overrides.containsKey(PLATFORM)
                ? LimitsOverridesCodec.apply(defaults, overrides.get(PLATFORM))
                : defaults;
        Map<String, Limits> next = new ConcurrentHashMap<>();
        overrides.forEach((tenant, o) -> {
            if (!PLATFORM.equals(tenant)) {
                next.put(tenant, LimitsOverridesCodec.apply(p, o));
            }
        });
        platform = p;
        perTenant = next;
    }

    @Override
    public void close() throws InterruptedException {
        follower.close();
    }
}
