package dev.pulseboard.pipeline.aggregation;

import static dev.pulseboard.pipeline.testing.Samples.counter;
import static dev.pulseboard.pipeline.testing.Samples.gauge;
import static dev.pulseboard.pipeline.testing.Samples.raw;
import static dev.pulseboard.pipeline.testing.Samples.set;
import static dev.pulseboard.pipeline.testing.Samples.tick;
import static dev.pulseboard.pipeline.testing.Samples.timerMs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pulseboard.contract.fold.WindowFold;
import dev.pulseboard.contract.limits.HistogramBuckets;
import dev.pulseboard.contract.limits.Limits;
import dev.pulseboard.contract.limits.LimitsOverridesCodec;
import dev.pulseboard.contract.wire.SeriesKey;
import dev.pulseboard.contract.wire.v1.LimitsOverrides;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.contract.wire.v1.SampleBatch;
import dev.pulseboard.pipeline.ingest.RawBatch;
import dev.pulseboard.pipeline.late.LateSample;
import dev.pulseboard.pipeline.limits.LimitsProvider;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pre-aggregator in Flink's operator harness: time is only what the records and watermarks say. */
class SeriesPreAggregatorTest {
    private static final long LAG = 400;
    private static final long ALLOWED = 60_000;
    private OneInputStreamOperatorTestHarness<RawBatch, SeriesPartial> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new OneInputStreamOperatorTestHarness<>(
                new SeriesPreAggregator(LAG, ALLOWED, LimitsProvider.defaults()));
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void append(long appendMs, Sample... samples) throws Exception {
        harness.processElement(raw("acme", appendMs, samples), appendMs);
    }

    @Test
    void partialsLeaveWhenTheWatermarkPassesTheirWindowAndBeforeTheWatermarkItself() throws Exception {
        append(
                10_500,
                gauge("cpu", 10, 10_100, "host", "a"),
                gauge("cpu", 30, 10_300, "host", "a"),
                gauge("cpu", 20, 10_200, "host", "a"),
                gauge("cpu", 5, 10_900, "host", "b"));
        harness.processElement(tick(11_000), 11_000);
        harness.processWatermark(new Watermark(10_998));
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processWatermark(new Watermark(10_999));
        List<Object> out = List.copyOf(harness.getOutput());
        assertThat(out).hasSize(4); // the first watermark, the window's two partials, then the watermark past them
        assertThat(out.get(0)).isEqualTo(new Watermark(10_998));
        assertThat(out.get(1)).isInstanceOf(StreamRecord.class);
        assertThat(out.get(2)).isInstanceOf(StreamRecord.class);
        assertThat(out.get(3)).isEqualTo(new Watermark(10_999));
        Map<String, SeriesPartial> byHost = byLabel(harness.extractOutputValues());
        SeriesPartial a = byHost.get("a");
        assertThat(a.windowStart).isEqualTo(10_000);
        assertThat(a.samples).isEqualTo(3);
        assertThat(a.sum).isEqualTo(60);
        assertThat(a.min).isEqualTo(10);
        assertThat(a.max).isEqualTo(30);
        assertThat(a.last).as("greatest timestamp wins, not arrival").isEqualTo(30);
        assertThat(a.retimed).isZero();
        assertThat(byHost.get("b").last).isEqualTo(5);
        assertThat(harness.extractOutputStreamRecords().get(0).getTimestamp()).isEqualTo(10_999);
    }

    @Test
    void aSampleAppendedAfterItsWindowEndPlusTheLagCountsInItsArrivalWindowAndIsCountedAsRetimed() throws Exception {
        append(6_399, counter("req", 1, 5_500)); // window 5000: on time until 6400
        append(6_400, counter("req", 2, 5_500)); // late: arrival window of 6400 - 400 = 6000
        harness.prepareSnapshotPreBarrier(1);

        Map<Long, SeriesPartial> byWindow = new HashMap<>();
        harness.extractOutputValues().forEach(p -> byWindow.put(p.windowStart, p));
        assertThat(byWindow.get(5_000L).sum).isEqualTo(1);
        assertThat(byWindow.get(6_000L).sum).isEqualTo(2);
        assertThat(byWindow.get(6_000L).retimed).isEqualTo(1);
        assertThat(accounting()).containsOnly(Map.entry("retimed@6000", 1L));
        assertThat(harness.getSideOutput(SeriesPreAggregator.LATE)).isNull();
    }

    @Test
    void beyondTheAllowedLatenessASampleGoesToMetricsLateAndIsCounted() throws Exception {
        Sample old = gauge("cpu", 1, 1_500);
        append(1_000 + 1_000 + LAG + ALLOWED, old);
        harness.prepareSnapshotPreBarrier(1);

        assertThat(harness.extractOutputValues()).isEmpty();
        List<StreamRecord<LateSample>> late = List.copyOf(harness.getSideOutput(SeriesPreAggregator.LATE));
        assertThat(late).hasSize(1);
        assertThat(late.get(0).getValue().tenant).isEqualTo("acme");
        assertThat(Sample.parseFrom(late.get(0).getValue().sample)).isEqualTo(old);
        assertThat(accounting()).containsOnly(Map.entry("late:err-pb-sample-late@62000", 1L));
    }

    @Test
    void refusedSamplesAreCountedPerReasonAndTheRestIsAggregated() throws Exception {
        append(2_100, gauge("9bad", 1, 2_000), gauge("ok", 1, 2_000), counter("neg", -1, 2_000));
        harness.prepareSnapshotPreBarrier(1);

        assertThat(harness.extractOutputValues())
                .extracting(p -> SeriesKey.parse(p.seriesKey).name())
                .containsExactly("ok");
        assertThat(accounting())
                .containsOnly(
                        Map.entry("refused:err-pb-metric-name-invalid@1000", 1L),
                        Map.entry("refused:err-pb-counter-negative@1000", 1L));
    }

    @Test
    void aSeriesAlreadyInTheWindowStillHasEachSamplesValueAndTimestampChecked() throws Exception {
        // the third is late and placed in the arrival window, where the series already is: its age is still judged
        append(700_100, counter("c", 1, 699_500), counter("c", -1, 699_600), counter("c", 2, 1_000));
        harness.prepareSnapshotPreBarrier(1);

        assertThat(harness.extractOutputValues())
                .singleElement()
                .satisfies(p -> assertThat(p.samples).isEqualTo(1));
        assertThat(accounting())
                .containsOnly(
                        Map.entry("refused:err-pb-counter-negative@699000", 1L),
                        Map.entry("refused:err-pb-sample-too-old@699000", 1L));
    }

    @Test
    void limitsThatChangeWithinAWindowApplyToTheSeriesNamesAndLabelsAgain() throws Exception {
        AtomicReference<Limits> current = new AtomicReference<>(Limits.DEFAULTS);
        harness.close();
        harness = new OneInputStreamOperatorTestHarness<>(
                new SeriesPreAggregator(LAG, ALLOWED, () -> tenant -> current.get()));
        harness.open();
        append(2_100, gauge("a_rather_long_name", 1, 2_000));
        current.set(LimitsOverridesCodec.apply(
                Limits.DEFAULTS,
                LimitsOverrides.newBuilder().setMaxMetricNameLength(5).build()));
        append(2_200, gauge("a_rather_long_name", 2, 2_100));
        harness.prepareSnapshotPreBarrier(1);

        assertThat(harness.extractOutputValues())
                .singleElement()
                .satisfies(p -> assertThat(p.samples).isEqualTo(1));
        assertThat(accounting()).containsEntry("refused:err-pb-metric-name-too-long@1000", 1L);
    }

    @Test
    void valuesAreConvertedAsDocumentedTimersToSecondsSampledCountersScaled() throws Exception {
        Sample sampled =
                counter("hits", 3, 2_000).toBuilder().setSampleRate(0.1).build();
        Sample timer =
                timerMs("latency", 250, 2_000).toBuilder().setSampleRate(0.5).build();
        append(2_100, sampled, timer);
        harness.prepareSnapshotPreBarrier(1);

        Map<String, SeriesPartial> byName = new HashMap<>();
        harness.extractOutputValues()
                .forEach(p -> byName.put(SeriesKey.parse(p.seriesKey).name(), p));
        assertThat(byName.get("hits").sum).isCloseTo(30, within(1e-9));
        SeriesPartial latency = byName.get("latency");
        assertThat(latency.type).isEqualTo(MetricType.TIMER_VALUE);
        assertThat(latency.min).isEqualTo(0.25);
        assertThat(latency.weight)
                .as("a timer sampled at 0.5 stands for two observations")
                .isEqualTo(2);
        assertThat(latency.sum).isEqualTo(0.5);
        assertThat(latency.samples).isEqualTo(1);
        assertThat(latency.buckets[5]).as("the le=0.25 bucket").isEqualTo(2);
        assertThat(latency.sketch).isNotNull();
    }

    @Test
    void oneSeriesSentAsTwoTypesLeavesAsTwoPartialsForTheAggregatorToJudge() throws Exception {
        append(2_100, gauge("x", 1, 2_000), counter("x", 1, 2_000));
        harness.prepareSnapshotPreBarrier(1);
        assertThat(harness.extractOutputValues())
                .extracting(p -> p.type)
                .containsExactlyInAnyOrder(MetricType.GAUGE_VALUE, MetricType.COUNTER_VALUE);
        assertThat(harness.extractOutputValues())
                .extracting(p -> p.seriesKey)
                .containsOnly(harness.extractOutputValues().get(0).seriesKey);
    }

    @Test
    void aWindowFoldedAtTheEdgeMergesExactlyLikeItsSamples() throws Exception {
        List<List<Sample>> series = List.of(
                List.of(
                        timerMs("latency", 20, 3_100, "route", "a"),
                        timerMs("latency", 300, 3_200, "route", "a").toBuilder()
                                .setSampleRate(0.25)
                                .build(),
                        timerMs("latency", 7, 3_300, "route", "a")),
                List.of(counter("hits", 2, 3_100).toBuilder().setSampleRate(0.5).build(), counter("hits", 1, 3_900)),
                List.of(
                        gauge("level", 3, 3_100).toBuilder().setGaugeDelta(true).build(),
                        gauge("level", 10, 3_200),
                        gauge("level", 4, 3_300).toBuilder().setGaugeDelta(true).build(),
                        gauge("level", -1, 3_400).toBuilder()
                                .setGaugeDelta(true)
                                .build()),
                List.of(
                        gauge("queue", 5, 3_100).toBuilder().setGaugeDelta(true).build(),
                        gauge("queue", -2, 3_200).toBuilder()
                                .setGaugeDelta(true)
                                .build()),
                List.of(set("users", "ann", 3_100), set("users", "bob", 3_200), set("users", "ann", 3_300)));
        append(3_500, series.stream().flatMap(List::stream).toArray(Sample[]::new));
        harness.prepareSnapshotPreBarrier(1);
        List<SeriesPartial> fromSamples = harness.extractOutputValues();

        OneInputStreamOperatorTestHarness<RawBatch, SeriesPartial> edge = new OneInputStreamOperatorTestHarness<>(
                new SeriesPreAggregator(LAG, ALLOWED, LimitsProvider.defaults()));
        edge.open();
        SampleBatch.Builder batch = SampleBatch.newBuilder().setTenant("acme").setReceivedAtMs(3_500);
        for (List<Sample> samples : series) {
            batch.addWindows(WindowFold.fold(3_000, samples, HistogramBuckets.PROMETHEUS_DEFAULT));
        }
        edge.processElement(new RawBatch(batch.build(), 3_500), 3_500);
        edge.prepareSnapshotPreBarrier(1);
        List<SeriesPartial> fromWindows = edge.extractOutputValues();
        edge.close();

        assertThat(fromWindows).hasSize(series.size());
        assertThat(fromWindows)
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("liveSketch", "liveMembers")
                .containsExactlyInAnyOrderElementsOf(fromSamples);
    }

    @Test
    void aCheckpointFlushesEverythingSoTheOperatorHoldsNoState() throws Exception {
        append(2_100, gauge("x", 1, 2_000), gauge("x", 2, 2_500 + 60_000)); // one now, one a minute ahead
        harness.prepareSnapshotPreBarrier(7);
        assertThat(harness.extractOutputValues()).hasSize(2);
        assertThat(harness.snapshot(7, 7).getManagedOperatorState()).isEmpty();
    }

    private Map<String, Long> accounting() {
        Map<String, Long> out = new HashMap<>();
        var records = harness.getSideOutput(SeriesPreAggregator.ACCOUNTING);
        if (records == null) {
            return out;
        }
        for (StreamRecord<SeriesPartial> r : records) {
            SeriesPartial p = r.getValue();
            SeriesKey.Identity id = SeriesKey.parse(p.seriesKey);
            String what = Accounting.RETIMED.equals(id.name())
                    ? "retimed"
                    : id.labelValues()[0] + (id.labelValues()[1].isEmpty() ? "" : ":" + id.labelValues()[1]);
            out.merge(what + "@" + p.windowStart, p.samples, Long::sum);
        }
        return out;
    }

    private static Map<String, SeriesPartial> byLabel(List<SeriesPartial> partials) {
        Map<String, SeriesPartial> out = new HashMap<>();
        for (SeriesPartial p : partials) {
            out.put(Objects.requireNonNull(SeriesKey.parse(p.seriesKey).labelValues()[0]), p);
        }
        return out;
    }
}
