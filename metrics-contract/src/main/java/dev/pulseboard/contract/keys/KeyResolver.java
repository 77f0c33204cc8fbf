package dev.pulseboard.contract.keys;

import dev.pulseboard.contract.tenant.IngestKeys;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Resolves a raw ingest key to its tenant, for every protocol (HTTP header, StatsD name prefix, ...), from the
 * in-memory {@link KeyDirectory}.
 *
 * <p>Cost contract, so that no sender can slow another tenant's ingest: a key that is not {@code pbk_<40 hex>} is
 * {@link KeyLookup#UNKNOWN} at once; a well-formed key costs one SHA-256 and one map read. A key not in the directory
 * may have been issued a moment ago (tenant-service hands a key out once Kafka acknowledged its grant, the directory
 * reads it a few milliseconds later), so the answer waits, without holding a thread, until the directory has
 * completed two more polls (bounded by {@code keys.miss-wait}) and looks again. Every waiter shares the directory's
 * one poll future; at most {@code keys.max-pending-misses} wait at a time and beyond that an unknown key is refused
 * at once. A known key never waits behind an unknown one.
 */
public final class KeyResolver {
    private static final CompletableFuture<KeyLookup> UNKNOWN_NOW =
            CompletableFuture.completedFuture(KeyLookup.UNKNOWN);

    private final KeyDirectory directory;
    private final long missWaitMs;
    private final int maxPendingMisses;
    private final AtomicInteger pendingMisses = new AtomicInteger();
    private final Runnable missRefusedAtOnce;
    private final KeyUsage usage;

    /**
     * @param missWait how long an unknown key waits for the directory to read on; must be &gt; 0
     * @param maxPendingMisses unknown keys waiting at once; must be &gt; 0
     * @param missRefusedAtOnce called for each unknown key refused without waiting (a counter)
     * @param usage told of every key found (its "last used")
     */
    public KeyResolver(
            KeyDirectory directory,
            Duration missWait,
            int maxPendingMisses,
            Runnable missRefusedAtOnce,
            KeyUsage usage) {
        this.directory = directory;
        this.usage = usage;
        this.missWaitMs = missWait.toMillis();
        this.maxPendingMisses = maxPendingMisses;
        this.missRefusedAtOnce = missRefusedAtOnce;
    }

    /**
     * Completes with the lookup, or exceptionally with {@link KeyDirectoryNotReadException} while the directory
     * has not been read yet. Completed at once for malformed and known keys.
     */
    public CompletableFuture<KeyLookup> resolve(String rawKey) {
        if (!IngestKeys.isWellFormed(rawKey)) {
            return UNKNOWN_NOW;
        }
        if (!directory.ready()) {
            return CompletableFuture.failedFuture(
                    new KeyDirectoryNotReadException("the ingest-key directory has not been read yet"));
        }
        String hash = IngestKeys.hash(rawKey);
        KeyLookup.Known known = directory.find(hash);
        if (known != null) {
            usage.used(known);
            return CompletableFuture.completedFuture(known);
        }
        if (pendingMisses.incrementAndGet() > maxPendingMisses) {
            pendingMisses.decrementAndGet();
            missRefusedAtOnce.run();
            return UNKNOWN_NOW;
        }
        return directory
                .afterPolls(2)
                .copy() // the poll future is shared: time out this caller's copy, never the original
                .completeOnTimeout(null, missWaitMs, TimeUnit.MILLISECONDS)
                .thenApply(ignored -> {
                    KeyLookup.Known late = directory.find(hash);
                    if (late == null) {
                        return KeyLookup.UNKNOWN;
                    }
                    usage.used(late);
                    return (KeyLookup) late;
                })
                .whenComplete((lookup, failure) -> pendingMisses.decrementAndGet());
    }
}
