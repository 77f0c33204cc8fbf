package dev.pulseboard.contract.keys;

import dev.pulseboard.contract.feed.CompactedTopicWriter;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.KeyUsed;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * When each key was last presented, to the minute, reported to tenant-service over the compacted key-usage topic so
 * it can show a key's "last used" (the gateway and the query frontend each hold one; ADR 008 keeps key checks off
 * tenant-service, so it learns of use only this way). {@link #used} is on every authenticated request's path: one
 * clock read and one map read, and a map write only the first time a key is seen in a minute. A single daemon thread
 * writes what changed every {@code interval}; a record that Kafka does not acknowledge is retried at the next round.
 * Nothing here can fail a request.
 */
public final class KeyUsage implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KeyUsage.class.getName());
    private static final long MINUTE_MS = 60_000;

    private record Use(String tenant, long minuteMs) {}

    private final Clock clock;
    private final Map<String, Long> lastMinute = new ConcurrentHashMap<>();
    private final Map<String, Use> unreported = new ConcurrentHashMap<>();
    private final CompactedTopicWriter writer;
    private final ScheduledExecutorService reporter;

    private KeyUsage(Clock clock, CompactedTopicWriter writer, Duration interval) {
        this.clock = clock;
        this.writer = writer;
        if (writer == null) {
            this.reporter = null;
            return;
        }
        this.reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "key-usage-reporter");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        var unused = reporter.scheduleWithFixedDelay(this::reportQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Reports to {@code topic} at {@code bootstrapServers} every {@code interval} as client {@code clientId}. */
    public static KeyUsage start(String bootstrapServers, String topic, String clientId, Duration interval) {
        return new KeyUsage(
                Clock.systemUTC(), new CompactedTopicWriter(bootstrapServers, topic, clientId, interval), interval);
    }

    /** Records use without reporting it anywhere (tests, and services that do not report). */
    public static KeyUsage unreported(Clock clock) {
        return new KeyUsage(clock, null, Duration.ZERO);
    }

    /** The key was presented now. */
    public void used(KeyLookup.Known key) {
        long minute = clock.millis() / MINUTE_MS * MINUTE_MS;
        Long last = lastMinute.get(key.keyId());
        if (last == null || last < minute) {
            lastMinute.put(key.keyId(), minute);
            unreported.put(key.keyId(), new Use(key.tenant(), minute));
        }
    }

    /** The uses not reported yet, as records, taken out of the queue (a test's view of what {@link #report} sends). */
    List<KeyUsed> drain() {
        List<KeyUsed> out = new ArrayList<>();
        for (String keyId : List.copyOf(unreported.keySet())) {
            Use use = unreported.remove(keyId);
            if (use != null) {
                out.add(KeyUsed.newBuilder()
                        .setTenant(use.tenant())
                        .setKeyId(keyId)
                        .setLastUsedMs(use.minuteMs())
                        .build());
            }
        }
        return out;
    }

    /** Writes every unreported use; those not acknowledged go back in the queue unless a newer use came meanwhile. */
    void report() {
        List<KeyUsed> records = drain();
        for (int i = 0; i < records.size(); i++) {
            KeyUsed record = records.get(i);
            try {
                writer.put(record.getKeyId().getBytes(StandardCharsets.UTF_8), WireCodec.encode(record));
            } catch (IllegalStateException e) {
                for (KeyUsed back : records.subList(i, records.size())) {
                    unreported.putIfAbsent(back.getKeyId(), new Use(back.getTenant(), back.getLastUsedMs()));
                }
                throw e;
            }
        }
    }

    private void reportQuietly() {
        try {
            report();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, () -> "key use not reported (retrying next round): " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (reporter != null) {
            reporter.shutdownNow();
            writer.close();
        }
    }
}
