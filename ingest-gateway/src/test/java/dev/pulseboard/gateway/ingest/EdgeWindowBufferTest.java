package dev.pulseboard.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.limits.HistogramBuckets;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.contract.wire.v1.SampleBatch;
import dev.pulseboard.contract.wire.v1.SeriesWindow;
import dev.pulseboard.gateway.ingest.kafka.MetricsRawWriter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The StatsD workers' buffer: what it writes to metrics-raw, and when, on Kafka's own mock producer. */
class EdgeWindowBufferTest {
    private static final HistogramBuckets BOUNDS = HistogramBuckets.PROMETHEUS_DEFAULT;

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IngestMetrics metrics = new IngestMetrics(registry);

    private EdgeWindowBuffer buffer(int maxSeriesWindows, int maxEntriesPerRecord) {
        return new EdgeWindowBuffer(
                new MetricsRawWriter(producer, "metrics-raw", maxEntriesPerRecord, true, registry),
                metrics,
                maxSeriesWindows);
    }

    private static Sample hit(String host, double value, long ts) {
        return Sample.newBuilder()
                .setName("hits")
                .setType(MetricType.COUNTER)
                .setValue(value)
                .setTimestampMs(ts)
                .addLabels(Label.newBuilder().setName("host").setValue(host))
                .build();
    }

    /** Adds; what is held is neither written nor failed yet. */
    private static void hold(EdgeWindowBuffer buffer, String tenant, List<Sample> samples, long receivedAtMs) {
        assertThat(buffer.add(tenant, "statsd-udp", samples, BOUNDS, receivedAtMs))
                .isNotCompletedExceptionally();
    }

    private List<SampleBatch> sent() {
        List<SampleBatch> out = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : producer.history()) {
            WireCodec.Decoded<SampleBatch> decoded = WireCodec.decode(r.value(), SampleBatch.parser());
            assertThat(decoded.isOk()).isTrue();
            out.add(decoded.message());
        }
        return out;
    }

    private double received(String tenant) {
        var c = registry.find("pulseboard.received.samples")
                .tags("tenant", tenant, "protocol", "statsd-udp")
                .counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void packetsOfOneSecondLeaveAsOneWindowPerSeriesWhenTheSecondHasEnded() {
        EdgeWindowBuffer buffer = buffer(1000, 2000);
        hold(buffer, "acme", List.of(hit("a", 1, 5_100), hit("b", 7, 5_100)), 5_100);
        hold(buffer, "acme", List.of(hit("a", 2, 5_400)), 5_400);
        hold(buffer, "acme", List.of(hit("a", 3, 5_999)), 5_999);
        buffer.flushIfDue(5_999);
        assertThat(producer.history()).as("the second has not ended").isEmpty();

        buffer.flushIfDue(6_000);
        List<SampleBatch> sent = sent(); // a record per shard
        assertThat(sent).allSatisfy(b -> {
            assertThat(b.getTenant()).isEqualTo("acme");
            assertThat(b.getReceivedAtMs())
                    .as("the first packet's receive time")
                    .isEqualTo(5_100);
        });
        assertThat(sent.stream().flatMap(b -> b.getSamplesList().stream())).containsExactly(hit("b", 7, 5_100));
        List<SeriesWindow> windows =
                sent.stream().flatMap(b -> b.getWindowsList().stream()).toList();
        assertThat(windows).hasSize(1);
        SeriesWindow a = windows.get(0);
        assertThat(a.getSamples()).isEqualTo(3);
        assertThat(a.getSum()).isEqualTo(6);
        assertThat(a.getWindowStartMs()).isEqualTo(5_000);

        assertThat(received("acme")).as("counted once Kafka acknowledged").isZero();
        while (producer.completeNext()) {
            // every record of the flush
        }
        assertThat(received("acme")).isEqualTo(4);
    }

    @Test
    void theNextSecondsFirstPacketFlushesTheLastSecondBeforeItIsAdded() {
        EdgeWindowBuffer buffer = buffer(1000, 2000);
        hold(buffer, "acme", List.of(hit("a", 1, 5_500)), 5_500);
        hold(buffer, "acme", List.of(hit("a", 2, 6_010)), 6_010);
        assertThat(sent()).extracting(SampleBatch::getSamplesList).containsExactly(List.of(hit("a", 1, 5_500)));
        buffer.flush();
        assertThat(sent()).hasSize(2);
        assertThat(sent().get(1).getSamplesList()).containsExactly(hit("a", 2, 6_010));
        assertThat(sent().get(1).getReceivedAtMs()).isEqualTo(6_010);
    }

    @Test
    void aFullBufferWritesAtOnceAndEachTenantHasItsOwnRecords() {
        EdgeWindowBuffer buffer = buffer(3, 2000);
        hold(buffer, "acme", List.of(hit("a", 1, 5_100), hit("a", 1, 5_101)), 5_100);
        hold(buffer, "globex", List.of(hit("a", 1, 5_100)), 5_100);
        assertThat(buffer.seriesWindows()).isEqualTo(2);
        assertThat(producer.history()).isEmpty();
        hold(buffer, "globex", List.of(hit("b", 1, 5_200)), 5_200);
        assertThat(buffer.seriesWindows()).as("written: empty again").isZero();
        assertThat(sent())
                .extracting(SampleBatch::getTenant)
                .containsOnly("acme", "globex")
                .contains("acme", "globex");
        assertThat(producer.history())
                .extracting(r -> new String(r.key(), java.nio.charset.StandardCharsets.UTF_8))
                .allSatisfy(k -> assertThat(k).matches("(acme|globex)/\\d+"));
    }

    @Test
    void withoutRoomForTwoSeriesEveryAddIsWrittenAtOnceAndAnsweredWhenAcknowledged() {
        EdgeWindowBuffer buffer = buffer(0, 2000);
        CompletableFuture<Void> written = buffer.add("acme", "statsd-udp", List.of(hit("a", 1, 5_100)), BOUNDS, 5_100);
        assertThat(producer.history()).hasSize(1);
        assertThat(written).isNotDone();
        producer.completeNext();
        assertThat(written).isCompleted();
    }

    @Test
    void aRecordCarriesAtMostTheConfiguredEntries() {
        EdgeWindowBuffer buffer = buffer(1000, 2);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            samples.add(hit("h" + i, 1, 5_100));
        }
        hold(buffer, "acme", samples, 5_100);
        buffer.flush();
        List<SampleBatch> sent = sent();
        assertThat(sent)
                .allSatisfy(b ->
                        assertThat(b.getSamplesCount() + b.getWindowsCount()).isLessThanOrEqualTo(2));
        assertThat(sent.stream().mapToInt(SampleBatch::getSamplesCount).sum()).isEqualTo(50);
    }

    @Test
    void anAddCompletesWhenItsSamplesAreAcknowledgedOrFailsWithThem() {
        EdgeWindowBuffer buffer = buffer(1000, 2000);
        assertThat(buffer.flushed()).as("nothing held").isCompleted();
        CompletableFuture<Void> first = buffer.add("acme", "statsd-udp", List.of(hit("a", 1, 5_100)), BOUNDS, 5_100);
        assertThat(buffer.flushed()).isSameAs(first);
        buffer.flush();
        assertThat(first).isNotDone();
        producer.completeNext();
        assertThat(first).isCompleted();

        CompletableFuture<Void> second = buffer.add("acme", "statsd-udp", List.of(hit("a", 1, 7_100)), BOUNDS, 7_100);
        buffer.flush();
        producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker gone"));
        assertThat(second).isCompletedExceptionally();
        assertThat(registry.find("pulseboard.discarded.samples")
                        .tags("tenant", "acme", "reason", "err-pb-store-unavailable")
                        .counter()
                        .count())
                .isEqualTo(1);
    }
}
