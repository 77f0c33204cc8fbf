package dev.pulseboard.contract.limits;

import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.LimitsOverrides;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Per-tenant limits from the compacted tenant-limits topic (key = tenant id, value = framed {@link LimitsOverrides},
 * no value = no overrides): one source of limits for the gateway and the pipeline, changed without a restart (ADR
 * 005). The key {@value #PLATFORM} holds overrides of the platform defaults for every tenant; a tenant's own
 * overrides apply on top. A daemon thread reads the topic from its beginning without a consumer group and keeps the
 * latest overrides; {@link #limitsFor} is a map lookup. A record that does not decode is skipped and leaves the
 * previous limits in force.
 */
public final class TenantLimitsFeed implements TenantLimits, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TenantLimitsFeed.class.getName());
    private static final Duration POLL = Duration.ofMillis(200);

    /** Key of the record that overrides the platform defaults for every tenant. */
    public static final String PLATFORM = "*";

    private final Limits defaults;
    private final Map<String, LimitsOverrides> overrides = new ConcurrentHashMap<>();
    private volatile Limits platform;
    private volatile Map<String, Limits> perTenant = Map.of();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread reader;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile boolean closed;

    private TenantLimitsFeed(Limits defaults, KafkaConsumer<byte[], byte[]> consumer, String topic) {
        this.defaults = defaults;
        this.platform = defaults;
        this.consumer = consumer;
        this.reader = new Thread(() -> run(topic), "tenant-limits-feed");
        this.reader.setDaemon(true);
    }

    /** Starts reading {@code topic} at {@code bootstrapServers}; see {@link #awaitCaughtUp}. */
    public static TenantLimitsFeed start(String bootstrapServers, String topic, Limits defaults) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "tenant-limits-feed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        TenantLimitsFeed feed = new TenantLimitsFeed(defaults, consumer, topic);
        feed.reader.start();
        return feed;
    }

    /** Waits until every record that existed when the feed started was applied; false on timeout. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Limits limitsFor(String tenant) {
        return perTenant.getOrDefault(tenant, platform);
    }

    @Override
    public boolean ready() {
        return caughtUp.getCount() == 0;
    }

    /** Reads until closed; while Kafka is unreachable it retries every second and the limits read so far stay. */
    private void run(String topic) {
        try {
            while (!closed) {
                try {
                    follow(topic);
                } catch (WakeupException e) {
                    return;
                } catch (KafkaException e) {
                    if (!closed) {
                        LOG.log(Level.WARNING, "tenant-limits feed: " + e + "; retrying in 1 s");
                        Thread.sleep(1000);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void follow(String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .toList();
        if (partitions.isEmpty()) {
            throw new KafkaException("topic " + topic + " does not exist");
        }
        consumer.assign(partitions);
        if (caughtUp.getCount() > 0) {
            consumer.seekToBeginning(partitions);
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
        while (!closed) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                apply(r);
            }
            if (caughtUp.getCount() > 0
                    && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                caughtUp.countDown();
            }
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        if (r.key() == null) {
            return;
        }
        String tenant = new String(r.key(), StandardCharsets.UTF_8);
        if (r.value() == null) {
            overrides.remove(tenant);
        } else {
            WireCodec.Decoded<LimitsOverrides> decoded = WireCodec.decode(r.value(), LimitsOverrides.parser());
            if (!decoded.isOk()) {
                LOG.warning(() -> "skipped tenant-limits record of " + tenant + ": "
                        + decoded.error().id());
                return;
            }
            overrides.put(tenant, decoded.message());
        }
        recompute();
    }

    /** Records are rare (an operator or the control plane changing a limit): recompute every tenant's limits. */
    private void recompute() {
        Limits p = overrides.containsKey(PLATFORM)
                ? LimitsOverridesCodec.apply(defaults, overrides.get(PLATFORM))
                : defaults;
        Map<String, Limits> next = new ConcurrentHashMap<>();
        overrides.forEach((tenant, o) -> {
            if (!PLATFORM.equals(tenant)) {
                next.put(tenant, LimitsOverridesCodec.apply(p, o));
            }
        });
        platform = p;
        perTenant = next;
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        reader.join(TimeUnit.SECONDS.toMillis(10));
    }
}
