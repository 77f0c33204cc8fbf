package dev.pulseboard.query.extents;

import dev.pulseboard.contract.feed.CompactedTopicFollower;
import dev.pulseboard.contract.progress.StoreProgressTable;
import dev.pulseboard.contract.wire.Topics;
import dev.pulseboard.query.QueryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * How far the pipeline has written the store: the compacted store-progress topic, where each of its remote-write
 * subtasks publishes the time up to which every sample it will ever write is acknowledged by the store
 * ({@code StoreProgress}), read back into a {@link StoreProgressTable}. The extent cache counts the steps up to that
 * time as settled, so a refresh asks Prometheus only for the steps after it instead of all those of the last
 * {@code settled-after}. Until every writer has reported (and whenever Kafka is unreachable, with the last time read)
 * the cache only holds back more, never less. Gauge {@code pulseboard_query_store_written_through_seconds}
 * (NaN = not known); counter {@code pulseboard_query_store_progress_invalid_total} (records that did not decode).
 */
@ApplicationScoped
@Startup
public class StoreProgressFeed {
    private final StoreProgressTable table = new StoreProgressTable();
    private final CompactedTopicFollower follower;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    @Inject
    public StoreProgressFeed(QueryConfig config, MeterRegistry registry) {
        Counter invalid = Counter.builder("pulseboard.query.store.progress.invalid")
                .description("Records of the store-progress topic that did not decode (skipped)")
                .register(registry);
        Gauge.builder(
                        "pulseboard.query.store.written.through",
                        this,
                        f -> f.writtenThrough().stream()
                                .mapToDouble(ms -> ms / 1000.0)
                                .findFirst()
                                .orElse(Double.NaN))
                .description("Time up to which the pipeline has written every sample to the store (NaN: not known)")
                .baseUnit("seconds")
                .register(registry);
        this.follower = CompactedTopicFollower.start(
                config.kafka().bootstrapServers(), Topics.STORE_PROGRESS, "store-progress-feed", (key, value) -> {
                    if (!table.apply(key, value)) {
                        invalid.increment();
                    }
                    listeners.forEach(Runnable::run);
                });
    }

    /** Every sample stamped at or before this time (ms since the epoch) is in the store; empty while not known. */
    public OptionalLong writtenThrough() {
        return table.writtenThrough();
    }

    /** Runs {@code listener} on the feed's thread after each record read (it must return quickly). */
    public void onRecord(Runnable listener) {
        listeners.add(listener);
    }

    @PreDestroy
    void close() throws InterruptedException {
        follower.close();
    }
}
