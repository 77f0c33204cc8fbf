package dev.pulseboard.tenant.throttle;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pulseboard.tenant.config.TenantServiceConfig;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * Throttles the endpoints anyone can call without logging in (sign-up, invitation look-up and registration) per
 * source address: a token bucket (Bucket4j) of {@code pulseboard.tenant.public-throttle.burst} requests refilled at
 * {@code per-minute}, so a script cannot create accounts or probe tokens in bulk. An address over it gets 429
 * {@code err-pb-throttled} with the seconds to wait. Buckets of addresses not seen for an hour are forgotten.
 */
@ApplicationScoped
public class PublicEndpointThrottle {
    private final Cache<String, Bucket> buckets;
    private final Bandwidth bandwidth;

    @Inject
    PublicEndpointThrottle(TenantServiceConfig config) {
        this(config.publicThrottle().perMinute(), config.publicThrottle().burst());
    }

    PublicEndpointThrottle(int perMinute, int burst) {
        this.bandwidth = Bandwidth.builder()
                .capacity(burst)
                .refillGreedy(perMinute, Duration.ofMinutes(1))
                .build();
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(Duration.ofHours(1))
                .maximumSize(100_000)
                .build();
    }

    /** Takes one request of {@code source}'s allowance, or throws 429 with when to retry. */
    public void admit(String source) {
        Bucket bucket = buckets.get(
                source == null ? "unknown" : source,
                s -> Bucket.builder().addLimit(bandwidth).build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(
                    1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
            throw new ProblemException(
                            TenantError.THROTTLED,
                            "Too many requests from your address to a public endpoint; retry in " + seconds + " s.")
                    .retryAfter(seconds);
        }
    }
}
