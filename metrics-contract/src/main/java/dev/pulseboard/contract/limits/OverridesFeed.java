package dev.pulseboard.contract.limits;

import dev.pulseboard.contract.feed.CompactedTopicFollower;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.LimitsOverrides;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.logging.Logger;

/**
 * One service's view of the compacted tenant-limits topic (key = tenant id, value = framed {@link LimitsOverrides},
 * no value = no overrides): the limits of type {@code L} that the service enforces, computed from its own defaults
 * with the {@value #PLATFORM} record applied first and then the tenant's own. The gateway and the pipeline read
 * {@link Limits} through {@link TenantLimitsFeed}; the query frontend reads its query limits the same way. A
 * {@link CompactedTopicFollower} reads the topic from its beginning; {@link #limitsFor} is a map lookup. A record
 * that does not decode is skipped and leaves the previous limits in force.
 *
 * @param <L> the service's limits, immutable
 */
public final class OverridesFeed<L> implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OverridesFeed.class.getName());

    /** Key of the record that overrides the platform defaults for every tenant. */
    public static final String PLATFORM = "*";

    private final L defaults;
    private final BiFunction<L, LimitsOverrides, L> apply;
    private String where;
    private final Map<String, LimitsOverrides> overrides = new ConcurrentHashMap<>();
    private volatile L platform;
    private volatile Map<String, L> perTenant = Map.of();
    private CompactedTopicFollower follower;

    private OverridesFeed(L defaults, BiFunction<L, LimitsOverrides, L> apply) {
        this.defaults = defaults;
        this.apply = apply;
        this.platform = defaults;
    }

    /**
     * Starts reading {@code topic} at {@code bootstrapServers} as consumer {@code clientName}; {@code apply} returns
     * its first argument with every field the overrides set replaced. See {@link #awaitCaughtUp}.
     */
    public static <L> OverridesFeed<L> start(
            String bootstrapServers,
            String topic,
            String clientName,
            L defaults,
            BiFunction<L, LimitsOverrides, L> apply) {
        OverridesFeed<L> feed = new OverridesFeed<>(defaults, apply);
        feed.where = topic + " (Kafka at " + bootstrapServers + ")";
        feed.follower = CompactedTopicFollower.start(bootstrapServers, topic, clientName, feed::apply);
        return feed;
    }

    /** Waits until every record that existed when the feed started was applied; false on timeout. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return follower.awaitCaughtUp(timeout);
    }

    /**
     * A service's start: waits like {@link #awaitCaughtUp(Duration)} and, on timeout, logs a warning ending with what
     * the service does {@code meanwhile}; false on timeout.
     */
    public boolean awaitCaughtUp(Duration timeout, String meanwhile) throws InterruptedException {
        boolean caughtUp = awaitCaughtUp(timeout);
        if (!caughtUp) {
            LOG.warning(() -> "tenant limits not read from " + where + " within " + timeout
                    + " (Kafka down or topic missing?); " + meanwhile);
        }
        return caughtUp;
    }

    /** The limits in force for {@code tenant}. */
    public L limitsFor(String tenant) {
        return perTenant.getOrDefault(tenant, platform);
    }

    /** Whether every record that existed at start was read. */
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
        LimitsOverrides platformOverrides = overrides.get(PLATFORM);
        L p = platformOverrides == null ? defaults : apply.apply(defaults, platformOverrides);
        Map<String, L> next = new ConcurrentHashMap<>();
        overrides.forEach((tenant, o) -> {
            if (!PLATFORM.equals(tenant)) {
                next.put(tenant, apply.apply(p, o));
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
