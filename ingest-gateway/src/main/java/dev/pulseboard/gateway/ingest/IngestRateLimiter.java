package dev.pulseboard.gateway.ingest;

import dev.pulseboard.contract.limits.Limits;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-tenant ingest rate: one Bucket4j token bucket per tenant and gateway, refilled greedily at the tenant's
 * {@code ingestRate} samples/s up to {@code ingestBurst} (its limits, from the tenant-limits topic, so a change
 * applies without a restart: the bucket is rebuilt when the tenant's rate or burst changes). A request takes as many tokens as
 * it has accepted samples, all or none; a tenant at its limit never takes another's tokens.
 */
@ApplicationScoped
public class IngestRateLimiter {
    private final Map<String, TenantBucket> buckets = new ConcurrentHashMap<>();

    /** Null when {@code samples} may go in now; otherwise how long until they could. */
    public Duration tryAcquire(String tenant, Limits limits, long samples) {
        if (samples <= 0 || limits.ingestRate() <= 0) {
            return null;
        }
        TenantBucket tb = buckets.get(tenant);
        if (tb == null || !tb.sameAs(limits)) {
            tb = buckets.compute(
                    tenant, (t, existing) -> existing != null && existing.sameAs(limits) ? existing : create(limits));
        }
        ConsumptionProbe probe = tb.bucket.tryConsumeAndReturnRemaining(samples);
        if (probe.isConsumed()) {
            return null;
        }
        if (samples > limits.ingestBurst()) {
            // never fits: tell the client how long a request of the largest size that can pass would wait
            return Duration.ofNanos((long) (1e9 * limits.ingestBurst() / limits.ingestRate()));
        }
        return Duration.ofNanos(probe.getNanosToWaitForRefill());
    }

    private static TenantBucket create(Limits limits) {
        long capacity = Math.max(1, limits.ingestBurst());
        double rate = limits.ingestRate();
        // greedy: tokens trickle in continuously, not once a second; a fractional rate refills one token per 1/rate s
        Bandwidth bandwidth = (rate >= 1
                        ? Bandwidth.builder().capacity(capacity).refillGreedy(Math.round(rate), Duration.ofSeconds(1))
                        : Bandwidth.builder()
                                .capacity(capacity)
                                .refillGreedy(1, Duration.ofNanos(Math.round(1e9 / rate))))
                .initialTokens(capacity)
                .build();
        return new TenantBucket(
                rate, limits.ingestBurst(), Bucket.builder().addLimit(bandwidth).build());
    }

    private record TenantBucket(double rate, long burst, Bucket bucket) {
        boolean sameAs(Limits limits) {
            return rate == limits.ingestRate() && burst == limits.ingestBurst();
        }
    }
}
