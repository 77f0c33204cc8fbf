package dev.pulseboard.gateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The gateway's one typed configuration root ({@code pulseboard.gateway.*}). Read once at startup; nothing on a hot
 * path looks configuration up by name. Durations accept {@code 5s}, {@code 250ms}, ISO-8601; sizes accept
 * {@code 512K}, {@code 5M}. The query API is not here: it is the query-frontend's (ADR 010).
 */
@ConfigMapping(prefix = "pulseboard.gateway")
public interface GatewayConfig {

    Kafka kafka();

    TenantService tenantService();

    Keys keys();

    Webhooks webhooks();

    Statsd statsd();

    Push push();

    RemoteWrite remoteWrite();

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

        /**
         * Batching delay before a produce request goes out (linger.ms); 0 = send as soon as the connection has room.
         * A push is answered only after Kafka's acknowledgement, so every millisecond here is in each request's latency;
         * records still batch while the producer's five requests per broker are in flight (docs/benchmarks.md,
         * "Gateway remote-write: the producer's batching").
         */
        @WithDefault("0ms")
        Duration linger();

        /**
         * Bytes per partition batch at most (batch.size). Larger than Kafka's 16 KiB: every batch gets its own lz4
         * stream and buffers, so fewer, fuller batches cost less per sample.
         */
        @WithDefault("131072")
        int batchSize();

        /** compression.type: none, gzip, snappy, lz4 or zstd (all codecs ship with kafka-clients). */
        @WithDefault("lz4")
        String compression();

        /**
         * Compress with lz4-java's JNI library (bundled for Linux, macOS and Windows on the common CPUs) instead of its
         * pure-Java codec, which takes four times as long (docs/benchmarks.md, ProducerBatchBenchmark). lz4-java picks
         * the JNI library for Kafka only once something loaded it (Quarkus' class loader is not the system one); where
         * it cannot load, the Java codec stays.
         */
        @WithDefault("true")
        boolean lz4Native();

        /** Samples per Kafka record before a shard's batch is split; keeps records under max.request.size. Must be > 0. */
        @WithDefault("2000")
        int maxSamplesPerRecord();

        /**
         * Fold each series' samples of one 1 s window within a request (a StatsD packet) into one partial aggregate
         * before writing (ADR 005): the pipeline merges it exactly as its samples, and its work grows with series, not
         * samples. false writes every sample as it is (for comparison in benchmarks).
         */
        @WithDefault("true")
        boolean foldWindows();

        /** Retry-After sent with 503 err-pb-store-unavailable, rounded up to whole seconds; 0 = "retry at once". */
        @WithDefault("5s")
        Duration retryAfter();
    }

    /** What the gateway shares with tenant-service (which it reaches only through the ingest-keys topic). */
    interface TenantService {
        /** Retry-After sent with 503 err-pb-tenant-service-unavailable (keys not read yet); 0 = "retry at once". */
        @WithDefault("2s")
        Duration retryAfter();
    }

    /** The ingest-key directory: every key's grant from the compacted ingest-keys topic (ADR 008). */
    interface Keys {
        /** The compacted topic tenant-service writes grants (and revocation tombstones) to. */
        @WithDefault("ingest-keys")
        String topic();

        /** How long startup waits to read the existing grants before it goes on (answering 503 until it has). */
        @WithDefault("30s")
        Duration startupTimeout();

        /**
         * How long a key the directory does not know waits for the directory to read on (a key issued a moment ago)
         * before it is refused. Must be > 0.
         */
        @WithDefault("1s")
        Duration missWait();

        /** Unknown keys waiting at once; beyond, an unknown key is refused without waiting. Must be > 0. */
        @WithDefault("1000")
        int maxPendingMisses();

        /** The compacted topic this service reports key use to (a key's "last used" in tenant-service). */
        @WithDefault("key-usage")
        String usageTopic();

        /** How often key use is reported (a key's "last used" is kept to the minute). Must be > 0. */
        @WithDefault("10s")
        Duration usageInterval();
    }

    /** Webhook rules, learnt from the compacted topic tenant-service writes (docs/ingest.md, "Webhooks"). */
    interface Webhooks {
        /** The compacted topic of rules; a tombstone deletes one. */
        @WithDefault("webhook-rules")
        String topic();

        /** How long startup waits to read the existing rules before it goes on (answering 503 until it has). */
        @WithDefault("30s")
        Duration startupTimeout();

        /** How old a signed timestamp (Stripe, Standard Webhooks) may be, either way, before the request is refused. */
        @WithDefault("5m")
        Duration tolerance();
    }

    /** StatsD/DogStatsD over UDP; the ingest key is the first segment of the metric name. */
    interface Statsd {
        /** false = no UDP socket is opened. */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("127.0.0.1")
        String host();

        /** UDP port, and the TCP port when {@link #tcp()}; 0 = ephemeral ports (tests). */
        @WithDefault("19125")
        int port();

        /** Also accept StatsD lines over TCP (newline-delimited) on {@link #port()}. */
        @WithDefault("true")
        boolean tcp();

        /** Longest line accepted over TCP; a longer one closes the connection. Must be > 0. */
        @WithDefault("64K")
        MemorySize maxTcpLineLength();

        /** SO_RCVBUF asked of the kernel, bytes; 0 = the OS default. Bursts beyond it are dropped by the kernel. */
        @WithDefault("4M")
        MemorySize receiveBuffer();

        /** Packets waiting for the StatsD workers, shared evenly; beyond it packets are dropped and counted. Must be > 0. */
        @WithDefault("10000")
        int queueCapacity();

        /** Worker threads that parse and validate packets; 0 = one per available processor. */
        @WithDefault("0")
        int workers();

        /** How often the kernel's drop counter of the socket is read (/proc/net/udp). Must be > 0. */
        @WithDefault("1s")
        Duration kernelDropPollInterval();

        /**
         * Series-windows a worker folds before it writes early (memory bound; ADR 005): a worker otherwise writes
         * its accepted samples once per second, a series' samples of that second as one window. 0 = every packet is
         * written as it comes (folded within itself only).
         */
        @WithDefault("100000")
        int maxBufferedSeries();
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

    /** POST /api/v1/write (Prometheus remote-write 1.0); body size and sample count limits are those of push. */
    interface RemoteWrite {
        /** Largest decompressed body; larger ones get 413 err-pb-request-too-large. Must be > 0. */
        @WithDefault("64M")
        MemorySize maxDecompressedSize();
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
