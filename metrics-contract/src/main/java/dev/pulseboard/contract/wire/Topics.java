package dev.pulseboard.contract.wire;

import java.util.List;
import java.util.Map;

/**
 * The Kafka topics of the data plane (names kept from the reference design) and the settings the design depends
 * on. The stack's provisioner and the test fixtures create them from {@link #all}; nothing else declares a topic
 * setting.
 */
public final class Topics {
    /** Raw samples from the gateway: value = framed {@code SampleBatch}, key = {@link RecordKeys#of}. */
    public static final String METRICS_RAW = "metrics-raw";
    /** Window aggregates from the pipeline: value = framed {@code AggregateBatch}. */
    public static final String METRICS_AGG = "metrics-agg";
    /** Samples that reached the pipeline after their window's allowed lateness: value = framed {@code SampleBatch}. */
    public static final String METRICS_LATE = "metrics-late";
    /** Anomaly alerts from the pipeline: value = framed {@code AnomalyAlert}, key = tenant. */
    public static final String ALERTS = "alerts";
    /** Per-tenant limit overrides: key = tenant id ("" for platform defaults), value = framed {@code LimitsUpdate}. */
    public static final String TENANT_LIMITS = "tenant-limits";
    /** Ingest-key grants: key = SHA-256 hex of the key, value = framed {@code IngestKeyGrant}, tombstone = revoked. */
    public static final String INGEST_KEYS = "ingest-keys";
    /** Webhook rules: key = rule id, value = framed {@code WebhookRule}, tombstone = deleted. */
    public static final String WEBHOOK_RULES = "webhook-rules";

    /** Key use: key = key id, value = framed {@code KeyUsed} (when the key was last presented, to the minute). */
    public static final String KEY_USAGE = "key-usage";

    /**
     * How far each of the pipeline's store writers has written: key = {@code <stream>/<subtask>}, value = framed
     * {@code StoreProgress}; the query frontend follows it (StoreProgressTable).
     */
    public static final String STORE_PROGRESS = "store-progress";

    /** Partitions of the data topics on one machine; a series always lands in one partition (SeriesKey). */
    public static final int DEFAULT_PARTITIONS = 4;

    /** {@code message.timestamp.type}: the broker stamps each batch with its append time. */
    static final String TIMESTAMP_TYPE = "message.timestamp.type";

    private Topics() {}

    /**
     * metrics-raw carries the broker's append time as record timestamp (LogAppendTime): monotonic per partition, it
     * is the ingestion clock the pipeline's watermarks follow (ADR 002, 005). A producer's CreateTime can go back.
     */
    public static TopicSpec metricsRaw(int partitions) {
        return new TopicSpec(METRICS_RAW, partitions, Map.of(TIMESTAMP_TYPE, "LogAppendTime"));
    }

    public static TopicSpec metricsAgg(int partitions) {
        return new TopicSpec(METRICS_AGG, partitions, Map.of(TIMESTAMP_TYPE, "CreateTime"));
    }

    public static TopicSpec metricsLate(int partitions) {
        return new TopicSpec(METRICS_LATE, partitions, Map.of(TIMESTAMP_TYPE, "CreateTime"));
    }

    public static TopicSpec alerts() {
        return new TopicSpec(ALERTS, 1, Map.of(TIMESTAMP_TYPE, "CreateTime"));
    }

    /** Compacted: the latest record per tenant is the tenant's current overrides; a tombstone removes them. */
    public static TopicSpec tenantLimits() {
        return new TopicSpec(TENANT_LIMITS, 1, Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0"));
    }

    /** Compacted: the latest record per key hash is its grant; a tombstone revokes the key on every gateway. */
    public static TopicSpec ingestKeys() {
        return new TopicSpec(INGEST_KEYS, 1, Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0"));
    }

    /** Compacted: the latest record per rule id is the rule; a tombstone deletes it on every gateway. */
    public static TopicSpec webhookRules() {
        return new TopicSpec(WEBHOOK_RULES, 1, Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0"));
    }

    /** Compacted: the latest record per key id says when a gateway or the query frontend last saw the key. */
    public static TopicSpec keyUsage() {
        return new TopicSpec(KEY_USAGE, 1, Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0"));
    }

    /** Compacted: the latest record per store writer is how far it has written. */
    public static TopicSpec storeProgress() {
        return new TopicSpec(STORE_PROGRESS, 1, Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0"));
    }

    /** Every topic of the data plane, the data topics with {@code partitions} partitions. */
    public static List<TopicSpec> all(int partitions) {
        return List.of(
                metricsRaw(partitions),
                metricsAgg(partitions),
                metricsLate(partitions),
                alerts(),
                tenantLimits(),
                ingestKeys(),
                webhookRules(),
                keyUsage(),
                storeProgress());
    }
}
