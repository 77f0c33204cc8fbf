package dev.pulseboard.pipeline.eventtime;

import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.SampleBatch;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Appends a watermark tick ({@code SampleBatch.tick}) to every partition of metrics-raw for each element it receives
 * (the job feeds it one element per tick interval). The broker stamps each tick with its append time, so every
 * partition's ingestion clock advances even when no tenant writes to it, and the source's per-partition watermarks
 * ({@link IngestClockWatermarks}) need no idleness rule: the tick appended at time T tells the reader that the
 * partition's records before it were appended before T. A tick appended while the job has a backlog lands behind the
 * backlog, so it never lets the watermark overtake unread records.
 */
public class PartitionTicker implements Sink<Long> {
    private static final byte[] TICK =
            WireCodec.encode(SampleBatch.newBuilder().setTick(true).build());
    private final String bootstrapServers;
    private final String topic;

    public PartitionTicker(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    @Override
    public SinkWriter<Long> createWriter(WriterInitContext context) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "pulseboard-pipeline-ticker");
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return new TickWriter(new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer()), topic);
    }

    /** Sends one tick per partition per element; failures are retried by the next tick. */
    static final class TickWriter implements SinkWriter<Long> {
        private final Producer<byte[], byte[]> producer;
        private final String topic;
        private List<PartitionInfo> partitions;
        private long lastMetadataMs;

        TickWriter(Producer<byte[], byte[]> producer, String topic) {
            this.producer = producer;
            this.topic = topic;
        }

        @Override
        public void write(Long tick, Context context) {
            long now = System.currentTimeMillis();
            if (partitions == null || now - lastMetadataMs > 60_000) {
                partitions = producer.partitionsFor(topic); // picks up partitions added while running
                lastMetadataMs = now;
            }
            for (PartitionInfo partition : partitions) {
                // fire and forget: a lost tick only delays windows until the next one
                var unused = producer.send(new ProducerRecord<>(topic, partition.partition(), null, TICK));
            }
        }

        @Override
        public void flush(boolean endOfInput) {
            producer.flush();
        }

        @Override
        public void close() throws IOException {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
