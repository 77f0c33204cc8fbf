package dev.pulseboard.contract.limits;

import dev.pulseboard.contract.wire.Topics;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.LimitsOverrides;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes a tenant's limit overrides to the compacted tenant-limits topic, which every {@link TenantLimitsFeed} (the
 * gateways and the pipeline) applies within its poll interval. Used by the operator's {@code ./pulseboard limits} and
 * by the control plane; {@link TenantLimitsFeed#PLATFORM} as the tenant overrides the defaults for everyone.
 */
public final class TenantLimitsPublisher implements AutoCloseable {
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    public TenantLimitsPublisher(String bootstrapServers) {
        this(bootstrapServers, Topics.TENANT_LIMITS);
    }

    public TenantLimitsPublisher(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "tenant-limits-publisher");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /** Replaces the tenant's overrides (fields not set fall back to the defaults); returns once acknowledged. */
    public void publish(String tenant, LimitsOverrides overrides) {
        send(tenant, WireCodec.encode(overrides));
    }

    /** Removes the tenant's overrides: its limits return to the defaults. */
    public void clear(String tenant) {
        send(tenant, null);
    }

    private void send(String tenant, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, tenant.getBytes(StandardCharsets.UTF_8), value))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("tenant-limits record for " + tenant + " not acknowledged", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing limits of " + tenant, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
