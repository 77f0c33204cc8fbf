package dev.pulseboard.pipeline.testing;

import dev.pulseboard.contract.wire.RecordKeys;
import dev.pulseboard.contract.wire.SeriesKey;
import dev.pulseboard.contract.wire.TopicSpec;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.contract.wire.v1.SampleBatch;
import dev.pulseboard.contract.wire.v1.SeriesWindow;
import dev.pulseboard.testing.kafka.InProcessKafka;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A metrics-raw topic on a simulated ingestion clock, for tests that need minutes of data in seconds: the topic keeps
 * the producer's timestamps (CreateTime, unlike the real metrics-raw's LogAppendTime) and this writer sets each
 * record's timestamp to the simulated append time, writing the watermark ticks itself (the job's ticker is off). The
 * job cannot tell the difference: its clock is only ever the records' timestamps (ADR 005).
 */
public final class SimulatedRaw implements AutoCloseable {
    private final String topic;
    private final int partitions;
    private final KafkaProducer<byte[], byte[]> producer;
    private final List<Future<RecordMetadata>> acks = new ArrayList<>();

    public SimulatedRaw(InProcessKafka kafka, String topic, int partitions) {
        this.topic = topic;
        this.partitions = partitions;
        kafka.createTopic(new TopicSpec(topic, partitions, Map.of("message.timestamp.type", "CreateTime")));
        this.producer = kafka.producer();
    }

    public String topic() {
        return topic;
    }

    /** Writes {@code tenant}'s samples as the gateway would (one record per shard), appended at {@code appendMs}. */
    public void append(String tenant, long appendMs, List<Sample> samples) {
        for (RecordKeys.KeyedBatch kb : RecordKeys.batchByShard(tenant, samples, "simulated", appendMs)) {
            acks.add(
                    producer.send(new ProducerRecord<>(topic, null, appendMs, kb.key(), WireCodec.encode(kb.batch()))));
        }
    }

    /** Writes {@code tenant}'s edge-folded windows, one record per shard, appended at {@code appendMs}. */
    public void appendWindows(String tenant, long appendMs, List<SeriesWindow> windows) {
        Map<Integer, SampleBatch.Builder> byShard = new java.util.LinkedHashMap<>();
        for (SeriesWindow w : windows) {
            int shard = SeriesKey.shardOf(SeriesKey.canonical(tenant, w.getName(), w.getLabelsList()));
            byShard.computeIfAbsent(
                            shard,
                            k -> SampleBatch.newBuilder()
                                    .setTenant(tenant)
                                    .setSource("simulated-edge")
                                    .setReceivedAtMs(appendMs))
                    .addWindows(w);
        }
        byShard.forEach((shard, b) -> acks.add(producer.send(new ProducerRecord<>(
                topic, null, appendMs, RecordKeys.of(tenant, shard), WireCodec.encode(b.build())))));
    }

    /** A watermark tick on every partition at {@code appendMs}. */
    public void tick(long appendMs) {
        byte[] tick = WireCodec.encode(SampleBatch.newBuilder().setTick(true).build());
        for (int p = 0; p < partitions; p++) {
            acks.add(producer.send(new ProducerRecord<>(topic, p, appendMs, null, tick)));
        }
    }

    /** Waits until everything written so far is acknowledged. */
    public void flush() {
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get();
            } catch (Exception e) {
                throw new IllegalStateException("a simulated metrics-raw record was not acknowledged", e);
            }
        }
        acks.clear();
    }

    @Override
    public void close() {
        flush();
        producer.close();
    }
}
