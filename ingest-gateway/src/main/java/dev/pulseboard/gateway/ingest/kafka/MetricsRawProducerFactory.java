package dev.pulseboard.gateway.ingest.kafka;

import dev.pulseboard.gateway.config.GatewayConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Properties;
import net.jpountz.lz4.LZ4Factory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

/**
 * The one Kafka producer of the gateway (thread-safe, shared by HTTP and StatsD). acks=all + idempotence: a
 * sample acknowledged to a client survives a broker failover and is not duplicated by retries. Every wait is
 * bounded (max.block, request and delivery timeouts), so a dead Kafka becomes a 503 within seconds instead of
 * hanging clients. Closed on shutdown, flushing what is buffered.
 */
public class MetricsRawProducerFactory {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(MetricsRawProducerFactory.class);

    /** Eager: a bad bootstrap list fails startup, and the first request does not pay for creating the client. */
    @Produces
    @Singleton
    @Startup
    Producer<byte[], byte[]> producer(GatewayConfig config) {
        if (config.kafka().lz4Native()) {
            loadNativeLz4();
        }
        return new KafkaProducer<>(properties(config.kafka()), new ByteArraySerializer(), new ByteArraySerializer());
    }

    void close(@Disposes Producer<byte[], byte[]> producer) {
        producer.close(CLOSE_TIMEOUT);
    }

    /**
     * Loads lz4-java's JNI library, after which lz4-java hands Kafka its JNI codec (and xxhash). Where the library cannot
     * load, Kafka stays on the pure-Java codec and this says so once.
     */
    static void loadNativeLz4() {
        try {
            var unused = LZ4Factory.nativeInstance();
        } catch (RuntimeException | LinkageError e) {
            LOG.infof("lz4's JNI library did not load (%s); Kafka compresses with lz4's Java codec", e.toString());
        }
    }

    static Properties properties(GatewayConfig.Kafka kafka) {
        long request = kafka.requestTimeout().toMillis();
        long linger = kafka.linger().toMillis();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "ingest-gateway");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, (int) linger);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, kafka.batchSize());
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, kafka.compression());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) request);
        // Kafka requires delivery.timeout >= linger + request.timeout; never configure an impossible producer.
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int)
                Math.max(kafka.deliveryTimeout().toMillis(), request + linger));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, kafka.maxBlock().toMillis());
        // Reconnect quickly after a broker restart, but do not hammer a dead one.
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return p;
    }
}
