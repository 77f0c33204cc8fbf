package dev.pulseboard.gateway.testing;

import dev.pulseboard.contract.wire.Topics;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.contract.wire.v1.SampleBatch;
import dev.pulseboard.contract.wire.v1.SeriesWindow;
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
 * Samples and the windows the gateway folded several samples of a series and second into are read apart
 * ({@link #await}, {@link #awaitWindows}).
 */
public final class MetricsRawRecords {
    private MetricsRawRecords() {}

    /** A decoded record: its key as text, one sample of its batch, and its Kafka timestamp (append time). */
    public record Received(String key, SampleBatch batch, Sample sample, long appendedAtMs) {}

    /** A decoded record's series window (several samples of a series and second, folded by the gateway). */
    public record ReceivedWindow(String key, SampleBatch batch, SeriesWindow window, long appendedAtMs) {}

    /** Polls until {@code expected} matching samples arrived or {@code timeout} passed; returns what matched. */
    public static List<Received> await(String bootstrap, Predicate<Received> match, int expected, Duration timeout) {
        return awaitUntil(bootstrap, match, found -> found.size() >= expected, timeout);
    }

    /** Polls until what matched so far is {@code complete} or {@code timeout} passed; returns what matched. */
    public static List<Received> awaitUntil(
            String bootstrap, Predicate<Received> match, Predicate<List<Received>> complete, Duration timeout) {
        return poll(
                bootstrap,
                (key, batch, r) -> batch.getSamplesList().stream()
                        .map(s -> new Received(key, batch, s, r.timestamp()))
                        .toList(),
                match,
                complete,
                timeout);
    }

    /** Polls until {@code expected} matching windows arrived or {@code timeout} passed; returns what matched. */
    public static List<ReceivedWindow> awaitWindows(
            String bootstrap, Predicate<ReceivedWindow> match, int expected, Duration timeout) {
        return poll(
                bootstrap,
                (key, batch, r) -> batch.getWindowsList().stream()
                        .map(w -> new ReceivedWindow(key, batch, w, r.timestamp()))
                        .toList(),
                match,
                found -> found.size() >= expected,
                timeout);
    }

    /** What one record holds of interest to a test. */
    private interface Decoder<T> {
        List<T> decode(String key, SampleBatch batch, ConsumerRecord<byte[], byte[]> record);
    }

    private static <T> List<T> poll(
            String bootstrap, Decoder<T> decoder, Predicate<T> match, Predicate<List<T>> complete, Duration timeout) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<T> found = new ArrayList<>();
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
                    WireCodec.Decoded<SampleBatch> decoded = WireCodec.decode(r.value(), SampleBatch.parser());
                    if (!decoded.isOk()) {
                        throw new AssertionError("undecodable record on metrics-raw: " + decoded.error());
                    }
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    for (T t : decoder.decode(key, decoded.message(), r)) {
                        if (match.test(t)) {
                            found.add(t);
                        }
                    }
                }
            }
        }
        return found;
    }

    /** Complete once a sample of every one of {@code names} has arrived. */
    public static Predicate<List<Received>> names(String... names) {
        return found -> found.stream()
                .map(r -> r.sample().getName())
                .collect(Collectors.toSet())
                .containsAll(List.of(names));
    }

    /**
     * The number of different {@code le} labels of {@code name} among what arrived: a histogram's buckets may travel in
     * records of different shards, read at different polls.
     */
    public static long distinctLe(List<Received> found, String name) {
        return found.stream()
                .filter(r -> r.sample().getName().equals(name))
                .flatMap(r -> r.sample().getLabelsList().stream())
                .filter(l -> l.getName().equals("le"))
                .map(Label::getValue)
                .distinct()
                .count();
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
