package dev.pulseboard.contract.feed;

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
 * Writes the current state of one key to a compacted topic (the control plane's side of {@link
 * CompactedTopicFollower}): idempotent, acks=all, and {@link #put} returns only once the broker acknowledged, so a
 * caller can promise that every follower will see the record.
 */
public final class CompactedTopicWriter implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final Duration sendTimeout;

    public CompactedTopicWriter(String bootstrapServers, String topic, String clientId, Duration sendTimeout) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, sendTimeout.toMillis());
        int requestTimeoutMs = (int) Math.max(sendTimeout.toMillis(), 1000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMs);
        // must cover linger.ms + request.timeout.ms
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, requestTimeoutMs + 1000);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.sendTimeout = sendTimeout;
    }

    /** Sets {@code key}'s state ({@code value} null = tombstone); returns once acknowledged, else throws. */
    public void put(byte[] key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value))
                    .get(sendTimeout.toMillis() + 2000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("record on " + topic + " not acknowledged", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
