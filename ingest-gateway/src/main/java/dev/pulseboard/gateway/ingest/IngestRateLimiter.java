package dev.pulseboard.gateway.ingest;

import dev.pulseboard.contract.limits.Limits;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

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
            tb.refusedSize.set(0);
            return null;
        }
        tb.refusedSize.set(Math.min(samples, limits.ingestBurst()));
        if (samples > limits.ingestBurst()) {
            // never fits: tell the client how long a request of the largest size that can pass would wait
            return Duration.ofNanos((long) (1e9 * limits.ingestBurst() / limits.ingestRate()));
        }
        return Duration.ofNanos(probe.getNanosToWaitForRefill());
    }

    /**
     * Null when the tenant's next request may fit; otherwise how long until it could. After a request was refused for
     * want of tokens, the next ones are refused unread until the bucket holds as many tokens as that request needed (a
     * client over its rate keeps sending requests of about one size), so a tenant flooding the gateway costs it a header
     * read per request, not a parse. Lets HTTP refuse before reading and parsing the body.
     */
    public Duration exhausted(String tenant, Limits limits) {
        if (limits.ingestRate() <= 0) {
            return null;
        }
        TenantBucket tb = buckets.get(tenant);
        if (tb == null || !tb.sameAs(limits)) {
            return null;
        }
        EstimationProbe probe = tb.bucket.estimateAbilityToConsume(Math.max(1, tb.refusedSize.get()));
        return probe.canBeConsumed() ? null : Duration.ofNanos(Math.max(1, probe.getNanosToWaitForRefill()));
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
                rate, limits.ingestBurst(), Bucket.builder().addLimit(bandwidth).build(), new AtomicLong());
    }

    /** {@code refusedSize}: tokens the last refused request needed, 0 after one fitted. */
    private record TenantBucket(double rate, long burst, Bucket bucket, AtomicLong refusedSize) {
        boolean sameAs(Limits limits) {
            return rate == limits.ingestRate() && burst == limits.ingestBurst();
        }
    }
}
