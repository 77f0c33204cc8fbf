package dev.pulseboard.pipeline.store.remotewrite;

import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of the Prometheus remote-write sink.
 *
 * @param url                  remote-write endpoint, e.g. {@code http://127.0.0.1:19090/api/v1/write}
 * @param maxSamplesPerRequest a tenant's buffer is sent once it holds this many store samples
 * @param flushInterval        buffers are also sent this often (processing time) besides on every watermark and
 *                             checkpoint; 0 = only then
 * @param requestTimeout       timeout of one HTTP request; a timeout is retried like a 5xx
 * @param maxRetryTime         how long one request is retried on 5xx, 429 and I/O errors before the sink fails the
 *                             job, which then restarts from its last checkpoint (nothing acknowledged is lost)
 * @param initialBackoff       first retry delay, doubled per attempt up to {@code maxBackoff}
 * @param maxBackoff           cap of the retry delay
 * @param maxInFlight          requests in flight at once for all tenants
 * @param lanesPerTenant       requests in flight at once for one tenant, at most: its series are split into this many
 *                             lanes by their shard, one request at a time per lane, so every series' samples arrive
 *                             in order while a tenant's window of many series is written by several requests at once;
 *                             a slow tenant holds at most this many slots, never all (keep it below maxInFlight)
 * @param tenantHeader         HTTP header carrying the tenant id (e.g. {@code THANOS-TENANT} for Thanos Receive);
 *                             empty = none (a single Prometheus: the tenant is the {@code tenant} label only)
 */
public record RemoteWriteOptions(
        String url,
        int maxSamplesPerRequest,
        Duration flushInterval,
        Duration requestTimeout,
        Duration maxRetryTime,
        Duration initialBackoff,
        Duration maxBackoff,
        int maxInFlight,
        int lanesPerTenant,
        String tenantHeader)
        implements Serializable {

    public RemoteWriteOptions {
        if (maxSamplesPerRequest < 1) {
            throw new IllegalArgumentException("maxSamplesPerRequest must be >= 1");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be >= 1");
        }
        if (lanesPerTenant < 1) {
            throw new IllegalArgumentException("lanesPerTenant must be >= 1");
        }
    }

    public static RemoteWriteOptions defaults(String url) {
        return new RemoteWriteOptions(
                url,
                2000,
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                Duration.ofMinutes(2),
                Duration.ofMillis(100),
                Duration.ofSeconds(5),
                8,
                4,
                "");
    }
}
