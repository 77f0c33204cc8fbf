package dev.pulseboard.contract.feed;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * Follows a compacted topic that holds the current state of something, one record per key (a tombstone removes the
 * key): the shape of the control plane's state in the data plane (tenant limits, ingest-key grants). A daemon thread
 * reads every partition from its beginning without a consumer group and hands each record to {@link Applier} in log
 * order; the owner keeps the state. While Kafka is unreachable it retries every second and the state read so far
 * stays in force.
 *
 * <p>{@link #awaitCaughtUp} tells when every record that existed at start was applied. {@link #afterPolls} lets a
 * reader that missed a key wait, without blocking a thread, until the follower has completed n more polls: a record
 * acknowledged before the call is applied by then (bounded by the broker's fetch latency), which is how a gateway
 * accepts a key issued a millisecond ago.
 */
public final class CompactedTopicFollower implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CompactedTopicFollower.class.getName());
    private static final Duration POLL = Duration.ofMillis(100);

    /** Applies one record; {@code value} is null for a tombstone. Runs on the follower's thread. */
    @FunctionalInterface
    public interface Applier {
        void apply(byte[] key, byte[] value);
    }

    private final String topic;
    private final Applier applier;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread reader;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final AtomicLong polls = new AtomicLong();
    private final ConcurrentSkipListMap<Long, CompletableFuture<Void>> pollWaiters = new ConcurrentSkipListMap<>();
    private volatile boolean closed;

    private CompactedTopicFollower(String bootstrapServers, String topic, String clientId, Applier applier) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A fetch waits at most this long for new records: bounds how soon a poll sees a record just appended.
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) POLL.toMillis());
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.applier = applier;
        this.reader = new Thread(this::run, clientId);
        this.reader.setDaemon(true);
    }

    /** Starts following {@code topic}; {@code clientId} also names the thread. */
    public static CompactedTopicFollower start(
            String bootstrapServers, String topic, String clientId, Applier applier) {
        CompactedTopicFollower f = new CompactedTopicFollower(bootstrapServers, topic, clientId, applier);
        f.reader.start();
        return f;
    }

    /** Waits until every record that existed when the follower started was applied; false on timeout. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    /**
     * Completes once the follower has finished {@code n} more polls (each applied what it fetched). Never completes
     * while Kafka is unreachable; callers bound it with a timeout. All callers waiting for the same poll share one
     * future, so the cost of waiting does not grow with the number of waiters.
     */
    public CompletableFuture<Void> afterPolls(int n) {
        long target = polls.get() + n;
        CompletableFuture<Void> f = pollWaiters.computeIfAbsent(target, t -> new CompletableFuture<>());
        if (polls.get() >= target) {
            completeWaitersUpTo(polls.get());
        }
        return f;
    }

    private void run() {
        try {
            while (!closed) {
                try {
                    follow();
                } catch (WakeupException e) {
                    return;
                } catch (KafkaException e) {
                    if (!closed) {
                        LOG.log(Level.WARNING, topic + " follower: " + e + "; retrying in 1 s");
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

    private void follow() {
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
                if (r.key() != null) {
                    applier.apply(r.key(), r.value());
                }
            }
            if (caughtUp.getCount() > 0
                    && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                caughtUp.countDown();
            }
            completeWaitersUpTo(polls.incrementAndGet());
        }
    }

    private void completeWaitersUpTo(long done) {
        Map<Long, CompletableFuture<Void>> due = pollWaiters.headMap(done, true);
        for (Long target : List.copyOf(due.keySet())) {
            CompletableFuture<Void> f = pollWaiters.remove(target);
            if (f != null) {
                f.complete(null);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        reader.join(TimeUnit.SECONDS.toMillis(10));
    }
}
