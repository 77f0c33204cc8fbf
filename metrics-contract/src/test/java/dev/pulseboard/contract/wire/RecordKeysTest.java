package dev.pulseboard.contract.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.fold.WindowFold;
import dev.pulseboard.contract.limits.HistogramBuckets;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.contract.wire.v1.SampleBatch;
import dev.pulseboard.contract.wire.v1.SeriesWindow;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordKeysTest {
    private static final HistogramBuckets BOUNDS = HistogramBuckets.PROMETHEUS_DEFAULT;

    private static Sample sample(String name, MetricType type, double value, long ts, String host) {
        return Sample.newBuilder()
                .setName(name)
                .setType(type)
                .setValue(value)
                .setTimestampMs(ts)
                .addLabels(Label.newBuilder().setName("host").setValue(host))
                .build();
    }

    @Test
    void aSeriesSeveralSamplesOfOneWindowTravelFoldedItsSingleSamplesAsTheyAre() {
        Sample a1 = sample("hits", MetricType.COUNTER, 1, 5_100, "a");
        Sample b1 = sample("hits", MetricType.COUNTER, 4, 5_200, "b");
        Sample a2 = sample("hits", MetricType.COUNTER, 2, 5_900, "a");
        Sample a3 = sample("hits", MetricType.COUNTER, 3, 6_000, "a"); // the next window
        Sample t1 = sample("latency", MetricType.TIMER, 20, 5_300, "a");
        Sample t2 = sample("latency", MetricType.TIMER, 300, 5_400, "a");
        Sample g1 = sample("hits", MetricType.GAUGE, 9, 5_500, "a"); // same name and labels, another type
        List<Sample> in = List.of(a1, b1, a2, a3, t1, t2, g1);

        List<RecordKeys.KeyedBatch> folded = RecordKeys.foldedByShard("acme", in, "test", 7_000, BOUNDS);

        List<Sample> singles = new ArrayList<>();
        List<SeriesWindow> windows = new ArrayList<>();
        for (RecordKeys.KeyedBatch kb : folded) {
            singles.addAll(kb.batch().getSamplesList());
            windows.addAll(kb.batch().getWindowsList());
            assertThat(kb.batch().getTenant()).isEqualTo("acme");
            assertThat(kb.batch().getReceivedAtMs()).isEqualTo(7_000);
        }
        assertThat(singles).containsExactlyInAnyOrder(b1, a3, g1);
        assertThat(windows)
                .containsExactlyInAnyOrder(
                        WindowFold.fold(5_000, List.of(a1, a2), BOUNDS),
                        WindowFold.fold(5_000, List.of(t1, t2), BOUNDS));
        SeriesWindow counter = windows.stream()
                .filter(w -> w.getType() == MetricType.COUNTER)
                .findFirst()
                .orElseThrow();
        assertThat(counter.getSamples()).isEqualTo(2);
        assertThat(counter.getSum()).isEqualTo(3);
        assertThat(counter.getLast()).isEqualTo(2);
        assertThat(counter.getLastTimestampMs()).isEqualTo(5_900);
        SeriesWindow timer = windows.stream()
                .filter(w -> w.getType() == MetricType.TIMER)
                .findFirst()
                .orElseThrow();
        assertThat(timer.getSum()).as("timers in seconds").isEqualTo(0.32);
        assertThat(timer.getBucketsList().stream()
                        .mapToDouble(Double::doubleValue)
                        .sum())
                .isEqualTo(2);
    }

    @Test
    void foldingKeepsEverySeriesOnTheShardItsSamplesWouldHaveHad() {
        List<Sample> in = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            in.add(sample("m", MetricType.COUNTER, 1, 1_000 + i, "h" + (i % 50)));
        }
        Map<String, Long> plain = samplesPerKey(RecordKeys.batchByShard("acme", in, "test", 2_000));
        Map<String, Long> folded = samplesPerKey(RecordKeys.foldedByShard("acme", in, "test", 2_000, BOUNDS));
        assertThat(folded).isEqualTo(plain);
        assertThat(folded.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(200);
    }

    @Test
    void aRepeatedSampleInstanceFoldsLikeEqualSamples() {
        Sample hit = sample("hits", MetricType.COUNTER, 1, 5_100, "a");
        Sample other = sample("hits", MetricType.COUNTER, 1, 5_100, "b");
        List<Sample> repeated = List.of(hit, hit, hit, other, hit);
        List<Sample> equal = List.of(
                hit,
                sample("hits", MetricType.COUNTER, 1, 5_100, "a"),
                sample("hits", MetricType.COUNTER, 1, 5_100, "a"),
                other,
                sample("hits", MetricType.COUNTER, 1, 5_100, "a"));
        assertThat(RecordKeys.foldedByShard("acme", repeated, "test", 6_000, BOUNDS))
                .extracting(RecordKeys.KeyedBatch::batch)
                .isEqualTo(RecordKeys.foldedByShard("acme", equal, "test", 6_000, BOUNDS).stream()
                        .map(RecordKeys.KeyedBatch::batch)
                        .toList());
        assertThat(samplesPerKey(RecordKeys.foldedByShard("acme", repeated, "test", 6_000, BOUNDS)).values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isEqualTo(5);
    }

    /** Samples per record key, those in windows included. */
    private static Map<String, Long> samplesPerKey(List<RecordKeys.KeyedBatch> batches) {
        Map<String, Long> out = new HashMap<>();
        for (RecordKeys.KeyedBatch kb : batches) {
            SampleBatch b = kb.batch();
            long n = b.getSamplesCount()
                    + b.getWindowsList().stream()
                            .mapToLong(SeriesWindow::getSamples)
                            .sum();
            out.merge(new String(kb.key(), StandardCharsets.UTF_8), n, Long::sum);
        }
        return out;
    }
}
