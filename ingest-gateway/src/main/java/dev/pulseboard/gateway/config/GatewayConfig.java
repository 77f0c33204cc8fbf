package dev.pulseboard.gateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The gateway's one typed configuration root ({@code pulseboard.gateway.*}). Read once at startup; nothing on a hot
 * path looks configuration up by name. Durations accept {@code 5s}, {@code 250ms}, ISO-8601; sizes accept
 * {@code 512K}, {@code 5M}. The query API's settings live under {@code pulseboard.gateway.query.*} in its own
 * mapping, which is why unknown keys below this prefix are not an error.
 */
@ConfigMapping(prefix = "pulseboard.gateway")
public interface GatewayConfig {

    Kafka kafka();

    TenantService tenantService();

    KeyCache keyCache();

    Statsd statsd();

    Push push();

    TenantLimitSource limits();

    /** Producer of metrics-raw. Timeouts are bounded so a dead Kafka turns into a 503 within seconds. */
    interface Kafka {
        /** Comma-separated host:port list. */
        @WithDefault("127.0.0.1:19092")
        String bootstrapServers();

        /** Topic the samples are written to; value = framed SampleBatch, key = "tenant/shard". */
        @WithDefault("metrics-raw")
        String topic();

        /** Upper bound from send() to acknowledgement, retries included (delivery.timeout.ms). Must be > 0. */
        @WithDefault("5s")
        Duration deliveryTimeout();

        /** How long one produce request may wait for the broker (request.timeout.ms). Must be > 0. */
        @WithDefault("2s")
        Duration requestTimeout();

        /** How long send() may block for metadata or buffer space (max.block.ms); 0 = fail at once. */
        @WithDefault("2s")
        Duration maxBlock();

        /** Batching delay before a produce request goes out (linger.ms); 0 = send immediately. */
        @WithDefault("5ms")
        Duration linger();

        /** compression.type: none, gzip, snappy, lz4 or zstd (all codecs ship with kafka-clients). */
        @WithDefault("lz4")
        String compression();

        /** Samples per Kafka record before a shard's batch is split; keeps records under max.request.size. Must be > 0. */
        @WithDefault("2000")
        int maxSamplesPerRecord();

        /** Retry-After sent with 503 err-pb-store-unavailable, rounded up to whole seconds; 0 = "retry at once". */
        @WithDefault("5s")
        Duration retryAfter();
    }

    /** The control plane that resolves ingest-key hashes (GET /internal/v1/ingest-keys/{sha256}). */
    interface TenantService {
        /** Base URL without trailing slash. */
        @WithDefault("http://127.0.0.1:19080")
        String baseUrl();

        /** Shared secret sent as X-Pulseboard-Internal-Token; set from the environment (PB_INTERNAL_TOKEN), never logged. */
        String internalToken();

        /** Connect + response timeout of one lookup. Must be > 0. */
        @WithDefault("2s")
        Duration timeout();

        /** Retry-After sent with 503 err-pb-tenant-service-unavailable; 0 = "retry at once". */
        @WithDefault("2s")
        Duration retryAfter();
    }

    /** Caffeine cache of key lookups, keyed by the key's SHA-256 (the raw key is not kept). */
    interface KeyCache {
        /** How long a known key stays cached; a revoked key keeps working this long. 0 = do not cache. */
        @WithDefault("60s")
        Duration positiveTtl();

        /** How long an unknown key stays cached; a freshly created key is refused this long. 0 = do not cache. */
        @WithDefault("10s")
        Duration negativeTtl();

        /** Most entries kept (positive and negative); 0 = cache nothing. */
        @WithDefault("100000")
        long maxSize();
    }

    /** StatsD/DogStatsD over UDP; the ingest key is the first segment of the metric name. */
    interface Statsd {
        /** false = no UDP socket is opened. */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("127.0.0.1")
        String host();

        /** UDP port; 0 = an ephemeral port (tests). */
        @WithDefault("19125")
        int port();

        /** SO_RCVBUF asked of the kernel, bytes; 0 = the OS default. Bursts beyond it are dropped by the kernel. */
        @WithDefault("4M")
        MemorySize receiveBuffer();

        /** Packets waiting for the StatsD worker; beyond it packets are dropped and counted. Must be > 0. */
        @WithDefault("10000")
        int queueCapacity();
    }

    /** POST /api/v1/push. */
    interface Push {
        /** Largest accepted request body, bytes; larger bodies get 413 err-pb-request-too-large. Must be > 0. */
        @WithDefault("5M")
        MemorySize maxBodySize();

        /** Most samples in one request; more get 400 err-pb-too-many-samples. Must be > 0. */
        @WithDefault("50000")
        int maxSamplesPerRequest();
    }

    /**
     * Per-tenant limits come from the compacted tenant-limits topic (defaults in metrics-contract's {@code Limits},
     * overrides per tenant; ADR 005), the same source the pipeline reads.
     */
    interface TenantLimitSource {
        /** The compacted topic of limit overrides (key = tenant id). */
        @WithDefault("tenant-limits")
        String topic();

        /** How long startup waits to read the overrides that exist before it goes on (unready, answering 503 until it has). */
        @WithDefault("30s")
        Duration startupTimeout();
    }
}
