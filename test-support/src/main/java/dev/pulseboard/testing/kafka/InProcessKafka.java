package dev.pulseboard.testing.kafka;

import dev.pulseboard.contract.wire.TopicSpec;
import dev.pulseboard.contract.wire.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A one-node KRaft Kafka 4.1 (combined broker + controller) in this JVM on free loopback ports, configured like the
 * stack's broker (no auto-created topics, single-replica internal topics). Topics are created from the data plane's
 * own {@link TopicSpec}s ({@link Topics#all}), so tests run against the real topic settings.
 */
public final class InProcessKafka implements AutoCloseable {
    private final KafkaClusterTestKit cluster;
    private final String bootstrapServers;

    private InProcessKafka(KafkaClusterTestKit cluster, String bootstrapServers) {
        this.cluster = cluster;
        this.bootstrapServers = bootstrapServers;
    }

    /** A handle to a broker that runs elsewhere (a benchmark against the stack's Kafka); close leaves it running. */
    public static InProcessKafka connect(String bootstrapServers) {
        return new InProcessKafka(null, bootstrapServers);
    }

    /** Starts the broker and creates every data-plane topic with {@code partitions} partitions. */
    public static InProcessKafka startWithTopics(int partitions) {
        InProcessKafka kafka = start();
        kafka.createTopics(Topics.all(partitions));
        return kafka;
    }

    public static InProcessKafka start() {
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                            .setCombined(true)
                            .setNumBrokerNodes(1)
                            .setNumControllerNodes(1)
                            .build())
                    .setConfigProp("auto.create.topics.enable", "false")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new InProcessKafka(cluster, cluster.bootstrapServers());
        } catch (Exception e) {
            throw new IllegalStateException("in-process Kafka did not start", e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public void createTopics(List<TopicSpec> specs) {
        List<NewTopic> topics = new ArrayList<>();
        for (TopicSpec s : specs) {
            topics.add(new NewTopic(s.name(), s.partitions(), (short) 1).configs(s.configs()));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("creating topics " + specs, e);
        }
    }

    public void createTopic(TopicSpec spec) {
        createTopics(List.of(spec));
    }

    /** Sends the records one by one, each acknowledged (acks=all) before the next. */
    public void send(List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (ProducerRecord<byte[], byte[]> r : records) {
                producer.send(r).get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("sending test records", e);
        }
    }

    /** An idempotent acks=all producer of byte arrays; the caller closes it. */
    public KafkaProducer<byte[], byte[]> producer() {
        return producer(Map.of());
    }

    /** As {@link #producer()} with further producer settings (for example batching for throughput). */
    public KafkaProducer<byte[], byte[]> producer(Map<String, Object> settings) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.putAll(settings);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Reads {@code topic} from the beginning until {@code done} accepts what was read, or {@code timeout}. */
    public List<ConsumerRecord<byte[], byte[]>> readUntil(
            String topic, Duration timeout, Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
        return readUntil(topic, timeout, "read_uncommitted", done);
    }

    /** As {@link #readUntil(String, Duration, Predicate)} with an isolation level ("read_committed" for EOS). */
    public List<ConsumerRecord<byte[], byte[]>> readUntil(
            String topic,
            Duration timeout,
            String isolationLevel,
            Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
        Properties p = new Properties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + System.nanoTime());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(out) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (cluster == null) {
            return;
        }
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("in-process Kafka did not stop cleanly", e);
        }
    }
}
