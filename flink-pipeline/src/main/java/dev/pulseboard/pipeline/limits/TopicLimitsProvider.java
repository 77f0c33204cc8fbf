package dev.pulseboard.pipeline.limits;

import dev.pulseboard.contract.limits.Limits;
import dev.pulseboard.contract.limits.TenantLimits;
import dev.pulseboard.contract.limits.TenantLimitsFeed;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Limits from the tenant-limits topic. Every operator subtask of a job in one JVM (the embedded MiniCluster, or one
 * TaskManager) shares one {@link TenantLimitsFeed} per bootstrap and topic, reference-counted. {@link #open} waits
 * until the overrides that exist have been read (up to {@value #CATCH_UP_SECONDS} s), so a restarted job never judges
 * a tenant by the defaults where it has stricter limits.
 */
final class TopicLimitsProvider implements LimitsProvider {
    private static final long serialVersionUID = 1L;
    static final long CATCH_UP_SECONDS = 60;
    private static final Map<String, Shared> FEEDS = new HashMap<>();

    private final String bootstrapServers;
    private final String topic;

    TopicLimitsProvider(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    private record Shared(TenantLimitsFeed feed, int users) {}

    @Override
    public TenantLimits open() {
        TenantLimitsFeed feed;
        synchronized (FEEDS) {
            Shared s = FEEDS.get(key());
            feed = s == null ? TenantLimitsFeed.start(bootstrapServers, topic, Limits.DEFAULTS) : s.feed();
            FEEDS.put(key(), new Shared(feed, s == null ? 1 : s.users() + 1));
        }
        try {
            if (!feed.awaitCaughtUp(Duration.ofSeconds(CATCH_UP_SECONDS))) {
                throw new IllegalStateException("tenant limits not read from " + topic + " at " + bootstrapServers
                        + " within " + CATCH_UP_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the tenant limits", e);
        }
        return feed;
    }

    @Override
    public void release() {
        TenantLimitsFeed toClose = null;
        synchronized (FEEDS) {
            Shared s = FEEDS.get(key());
            if (s != null) {
                if (s.users() <= 1) {
                    FEEDS.remove(key());
                    toClose = s.feed();
                } else {
                    FEEDS.put(key(), new Shared(s.feed(), s.users() - 1));
                }
            }
        }
        if (toClose != null) {
            try {
                toClose.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String key() {
        return bootstrapServers + "/" + topic;
    }
}
