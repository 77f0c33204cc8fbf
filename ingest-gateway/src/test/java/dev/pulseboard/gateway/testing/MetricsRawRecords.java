package dev.pulseboard.gateway.testing;

import dev.pulseboard.contract.wire.Topics;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.contract.wire.v1.SampleBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads metrics-raw from the beginning with a plain consumer and decodes every record with WireCodec, the way the
 * pipeline will. Tests share the topic, so they select their own samples with a predicate (e.g. a unique label).
 */
public final class MetricsRawRecords {
    private MetricsRawRecords() {}

    /** A decoded record: its key as text, one sample of its batch, and its Kafka timestamp (append time). */
    public record Received(String key, SampleBatch batch, Sample sample, long appendedAtMs) {}

    /** Polls until {@code expected} matching samples arrived or {@code timeout} passed; returns what matched. */
    public static List<Received> await(String bootstrap, Predicate<Received> match, int expected, Duration timeout) {
        return awaitUntil(bootstrap, match, found -> found.size() >= expected, timeout);
    }

    /** Polls until what matched so far is {@code complete} or {@code timeout} passed; returns what matched. */
    public static List<Received> awaitUntil(
            String bootstrap, Predicate<Received> match, Predicate<List<Received>> complete, Duration timeout) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<Received> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.METRICS_RAW).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!complete.test(found) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    collect(r, match, found);
                }
            }
        }
        return found;
    }

    private static void collect(ConsumerRecord<byte[], byte[]> r, Predicate<Received> match, List<Received> found) {
        WireCodec.Decoded<SampleBatch> decoded = WireCodec.decode(r.value(), SampleBatch.parser());
        if (!decoded.isOk()) {
            throw new AssertionError("undecodable record on metrics-raw: " + decoded.error());
        }
        String key = new String(r.key(), StandardCharsets.UTF_8);
        for (Sample s : decoded.message().getSamplesList()) {
            Received rec = new Received(key, decoded.message(), s, r.timestamp());
            if (match.test(rec)) {
                found.add(rec);
            }
        }
    }

    /** Complete once a sample of every one of {@code names} has arrived. */
    public static Predicate<List<Received>> names(String... names) {
        return found -> found.stream()
                .map(r -> r.sample().getName())
                .collect(Collectors.toSet())
                .containsAll(List.of(names));
    }

    /** The first sample named {@code name} with the label {@code label} ("name=value"), if given. */
    public static Received one(List<Received> got, String name, Optional<String> label) {
        return got.stream()
                .filter(r -> r.sample().getName().equals(name))
                .filter(r -> label.isEmpty() || labels(r).contains(label.get()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " " + label.orElse("") + " in " + got));
    }

    /** A sample's labels as "name=value". */
    public static List<String> labels(Received r) {
        return r.sample().getLabelsList().stream()
                .map((Label l) -> l.getName() + "=" + l.getValue())
                .toList();
    }

    public static boolean hasLabel(Sample s, String name, String value) {
        return s.getLabelsList().stream()
                .anyMatch(l -> l.getName().equals(name) && l.getValue().equals(value));
    }
}
