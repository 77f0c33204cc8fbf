package dev.pulseboard.pipeline.store.remotewrite;

import dev.pulseboard.contract.progress.StoreProgressTable;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.StoreProgress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one sink subtask's written-through time to the store-progress topic, at most once per interval (the
 * newest time when it does; a time held back by the interval goes out when the writer offers it again, which its
 * flush timer does). Best effort: a record that Kafka does not take is logged and the next one carries a
 * newer time, since a reader with an older time only serves fewer steps from cache, never a wrong one. Sends never
 * wait for Kafka in the task thread (a full buffer or missing metadata blocks at most 100 ms).
 */
final class StoreProgressPublisher implements WrittenThrough {
    private static final Logger LOG = LoggerFactory.getLogger(StoreProgressPublisher.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final byte[] key;
    private final StoreProgress.Builder record;
    private final long intervalMs;
    private final LongSupplier clock;
    private long lastPublishedAt = Long.MIN_VALUE;
    private long lastPublished = Long.MIN_VALUE;
    private boolean warned;

    StoreProgressPublisher(StoreProgressOptions options, int subtask, int parallelism, LongSupplier clock) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "store-progress-" + options.stream() + "-" + subtask);
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 100);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = options.topic();
        this.key = StoreProgressTable.key(options.stream(), subtask).getBytes(StandardCharsets.UTF_8);
        this.record = StoreProgress.newBuilder()
                .setStream(options.stream())
                .setStreams(options.streams())
                .setSubtask(subtask)
                .setParallelism(parallelism);
        this.intervalMs = options.interval().toMillis();
        this.clock = clock;
    }

    @Override
    public void advanced(long writtenThroughMs) {
        long now = clock.getAsLong();
        if (writtenThroughMs <= lastPublished
                || (lastPublishedAt != Long.MIN_VALUE && now - lastPublishedAt < intervalMs)) {
            return;
        }
        lastPublishedAt = now;
        lastPublished = writtenThroughMs;
        byte[] value = WireCodec.encode(
                record.setWrittenThroughMs(writtenThroughMs).setPublishedMs(now).build());
        try {
            var unused = producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                if (error != null) {
                    warnOnce(error);
                }
            });
        } catch (RuntimeException e) {
            warnOnce(e);
        }
    }

    private void warnOnce(Exception e) {
        if (!warned) {
            warned = true;
            LOG.warn(
                    "store progress not published to {} (the query frontend serves fewer steps from cache): {}",
                    topic,
                    e.toString());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(1));
    }
}
