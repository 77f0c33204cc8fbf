package dev.pulseboard.pipeline.store.remotewrite;

import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of the Prometheus remote-write sink.
 *
 * @param url                  remote-write endpoint, e.g. {@code http://127.0.0.1:19090/api/v1/write}
 * @param maxSamplesPerRequest a tenant's buffer is sent once it holds this many samples (5 per aggregate)
 * @param flushInterval        buffers are also sent this often (processing time); 0 = only on size and checkpoint
 * @param requestTimeout       timeout of one HTTP request; a timeout is retried like a 5xx
 * @param maxAttempts          attempts per request on 5xx/429/IO errors before the sink fails the job (which then
 *                             restarts from the last checkpoint: nothing acknowledged is lost)
 * @param initialBackoff       first retry delay, doubled per attempt up to {@code maxBackoff}
 * @param maxBackoff           cap of the retry delay
 * @param tenantHeader         HTTP header carrying the tenant id (e.g. {@code THANOS-TENANT} for Thanos Receive);
 *                             empty = none (a single Prometheus: the tenant is the {@code tenant} label only)
 */
public record RemoteWriteOptions(
        String url,
        int maxSamplesPerRequest,
        Duration flushInterval,
        Duration requestTimeout,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        String tenantHeader)
        implements Serializable {

    public RemoteWriteOptions {
        if (maxSamplesPerRequest < RemoteWriteCodec.SERIES_PER_AGGREGATE) {
            throw new IllegalArgumentException(
                    "maxSamplesPerRequest must be >= " + RemoteWriteCodec.SERIES_PER_AGGREGATE);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
    }

    public static RemoteWriteOptions defaults(String url) {
        return new RemoteWriteOptions(
                url,
                5000,
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                10,
                Duration.ofMillis(100),
                Duration.ofSeconds(5),
                "");
    }

    /** Delay before retry number {@code retry} (1-based): initial * 2^(retry-1), capped. */
    public Duration backoff(int retry) {
        long ms = initialBackoff.toMillis() << Math.min(retry - 1, 20);
        return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }
}
