package dev.pulseboard.pipeline.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pulseboard.contract.limits.Limits;
import dev.pulseboard.contract.limits.LimitsOverridesCodec;
import dev.pulseboard.contract.wire.SeriesKey;
import dev.pulseboard.contract.wire.v1.Aggregate;
import dev.pulseboard.contract.wire.v1.Bucket;
import dev.pulseboard.contract.wire.v1.LimitsOverrides;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.pipeline.limits.LimitsProvider;
import dev.pulseboard.pipeline.testing.Partials;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The keyed aggregator in Flink's harness: what it writes per type, window and rollup, and what it refuses. */
class SeriesAggregatorTest {
    private static final long STALE = 5_000;
    private KeyedOneInputStreamOperatorTestHarness<String, SeriesPartial, TenantAggregate> harness;

    private void open(Limits limits) throws Exception {
        open(limits, null);
    }

    private void open(Limits limits, OperatorSubtaskState restored) throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new SeriesAggregator(STALE, true, LimitsProvider.fixed(limits, Map.of())),
                p -> p.seriesKey,
                Types.STRING);
        if (restored != null) {
            harness.initializeState(restored);
        }
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    /** The default limits with another series cap and deletion flag. */
    private static Limits limits(int maxActiveSeries, boolean deleted) {
        return LimitsOverridesCodec.apply(
                Limits.DEFAULTS,
                LimitsOverrides.newBuilder()
                        .setMaxActiveSeries(maxActiveSeries)
                        .setDeleted(deleted)
                        .build());
    }

    private void in(SeriesPartial p) throws Exception {
        harness.processElement(p, Windows.lastMs(p.windowStart));
    }

    private List<Aggregate> watermark(long wm) throws Exception {
        int before = harness.extractOutputValues().size();
        harness.processWatermark(new Watermark(wm));
        List<TenantAggregate> all = harness.extractOutputValues();
        return all.subList(before, all.size()).stream()
                .map(TenantAggregate::aggregate)
                .toList();
    }

    @Test
    void aDeltaCounterIsWrittenAsItsRunningTotalEverySecondWhileActive() throws Exception {
        open(Limits.DEFAULTS);
        Partials req = Partials.of("acme", "http_requests_total", MetricType.COUNTER, "code", "200");
        in(req.window(1_000, 1, 2));
        in(req.window(2_000, 2));
        List<Aggregate> out = watermark(3_999);
        assertThat(out).extracting(Aggregate::getTotal).containsExactly(3.0, 5.0, 5.0);
        assertThat(out).extracting(Aggregate::getCount).containsExactly(2L, 1L, 0L);
        assertThat(out.get(2).getWindowStartMs()).isEqualTo(3_000);
        assertThat(out.get(0).getLabels(0).getValue()).isEqualTo("200");
    }

    @Test
    void aCumulativeCounterPassesItsNewestTotalThrough() throws Exception {
        open(Limits.DEFAULTS);
        Partials total = Partials.cumulative("acme", "process_cpu_seconds_total");
        in(total.window(1_000, 100, 104)); // two scrapes in one second: the newest wins
        in(total.window(2_000, 110));
        assertThat(watermark(2_999)).extracting(Aggregate::getTotal).containsExactly(104.0, 110.0);
    }

    @Test
    void aGaugeIsWrittenOnlyForWindowsWithSamples() throws Exception {
        open(Limits.DEFAULTS);
        Partials cpu = Partials.of("acme", "cpu_usage_percent", MetricType.GAUGE, "instance", "i-1");
        in(cpu.window(1_000, 10, 30, 20));
        List<Aggregate> out = watermark(4_999);
        assertThat(out).hasSize(1);
        Aggregate a = out.get(0);
        assertThat(List.of(a.getLast(), a.getMin(), a.getMax(), a.getSum())).containsExactly(20.0, 10.0, 30.0, 60.0);
    }

    @Test
    void gaugeChangesAddToTheSeriesValueAcrossWindowsAndCheckpointsAsInStatsd() throws Exception {
        open(Limits.DEFAULTS);
        Partials queue = Partials.of("acme", "queue_depth", MetricType.GAUGE);
        in(queue.gauge(1_000, "+5", "-2")); // a new series starts from 0
        in(queue.gauge(2_000, "+1"));
        List<Aggregate> first = watermark(2_999);
        assertThat(first).extracting(Aggregate::getLast).containsExactly(3.0, 4.0);
        assertThat(List.of(
                        first.get(0).getMin(),
                        first.get(0).getMax(),
                        first.get(0).getCount()))
                .containsExactly(3.0, 3.0, 2L);
        // the value survives a restart: it is keyed, checkpointed state
        OperatorSubtaskState checkpoint = harness.snapshot(1, 2_999);
        harness.close();
        open(Limits.DEFAULTS, checkpoint);
        in(queue.gauge(3_000, "-1"));
        in(queue.gauge(4_000, "+2", "10", "+3")); // an absolute value supersedes the changes before it
        in(queue.gauge(6_000, "-4"));
        List<Aggregate> after = watermark(6_999);
        assertThat(after).extracting(Aggregate::getLast).containsExactly(3.0, 13.0, 9.0);
        assertThat(after.get(1).getMin()).isEqualTo(10.0);
        assertThat(after.get(1).getMax()).isEqualTo(13.0);
    }

    @Test
    void mergedGaugePartialsApplyChangesAfterTheNewestAbsoluteValue() {
        Partials queue = Partials.of("acme", "queue_depth", MetricType.GAUGE);
        SeriesPartial early = queue.gauge(1_000, "10", "+1");
        early.merge(queue.gauge(1_000, "+2")); // changes only: they add to what the window ends with
        SeriesState fresh = new SeriesState();
        fresh.type = MetricType.GAUGE_VALUE;
        AggregateBuilder.resolveGauge(fresh, early, 1_000);
        assertThat(early.last).isEqualTo(13.0);

        SeriesPartial changes = queue.gauge(2_000, "+1");
        SeriesPartial newer = queue.gauge(2_000, "+4");
        newer.add(5, 2_500, 1, null, dev.pulseboard.contract.limits.HistogramBuckets.PROMETHEUS_DEFAULT);
        changes.merge(newer); // an absolute value newer than the changes: it wins
        AggregateBuilder.resolveGauge(fresh, changes, 2_000);
        assertThat(changes.last).isEqualTo(5.0);
        assertThat(fresh.total).as("the series' value").isEqualTo(5.0);
    }

    @Test
    void aHistogramIsCumulativeBucketsSumCountAndTheWindowsQuantiles() throws Exception {
        open(Limits.DEFAULTS);
        Partials lat = Partials.of("acme", "http_request_duration_seconds", MetricType.HISTOGRAM);
        double[] ms = new double[100];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = (i + 1) / 1000.0; // 1 ms .. 100 ms
        }
        in(lat.window(1_000, ms));
        in(lat.window(2_000, 3));
        List<Aggregate> out = watermark(2_999);
        Map<Double, Double> buckets = new HashMap<>();
        for (Bucket b : out.get(1).getBucketsList()) {
            buckets.put(b.getLe(), b.getCount());
        }
        assertThat(buckets)
                .containsEntry(0.005, 5.0)
                .containsEntry(0.05, 50.0)
                .containsEntry(0.1, 100.0)
                .containsEntry(2.5, 100.0)
                .containsEntry(5.0, 101.0)
                .containsEntry(Double.POSITIVE_INFINITY, 101.0);
        assertThat(out.get(1).getTotalCount()).isEqualTo(101);
        assertThat(out.get(1).getTotalSum()).isCloseTo(5.05 + 3, within(1e-9));
        // DDSketch's quantile is the value of rank floor(q * (n - 1)), within 1 % of it
        List<Double> q =
                out.get(0).getQuantilesList().stream().map(x -> x.getValue()).toList();
        assertThat(q.get(0)).as("p50").isCloseTo(0.050, within(0.0005));
        assertThat(q.get(3)).as("p99").isCloseTo(0.099, within(0.001));
        assertThat(out.get(1).getQuantilesList()).hasSize(4);
        assertThat(out.get(1).getQuantiles(3).getValue())
                .as("the second window's own p99")
                .isCloseTo(3, within(0.03));
    }

    @Test
    void aSetIsItsDistinctMembersPerWindow() throws Exception {
        open(Limits.DEFAULTS);
        Partials users = Partials.of("acme", "active_users", MetricType.SET);
        in(users.window(1_000, 1, 2, 2, 3, 1));
        assertThat(watermark(1_999)).extracting(Aggregate::getDistinct).containsExactly(3L);
    }

    @Test
    void aSeriesKeepsTheTypeItStartedWithAndTheOtherIsRefusedAndCounted() throws Exception {
        open(Limits.DEFAULTS);
        in(Partials.of("acme", "x", MetricType.GAUGE).window(1_000, 1));
        in(Partials.of("acme", "x", MetricType.COUNTER).window(1_000, 5, 6));
        List<Aggregate> out = watermark(1_999);
        assertThat(out).extracting(Aggregate::getType).containsExactly(MetricType.GAUGE);
        assertThat(accounting())
                .containsEntry("refused:err-pb-series-type-conflict@1000", 2L)
                .containsEntry("aggregated@1000", 1L);
    }

    @Test
    void aTenantBeingDeletedIsForgottenAndNothingMoreOfItIsWritten() throws Exception {
        Limits deleted = limits(Limits.DEFAULTS.maxActiveSeries(), true);
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new SeriesAggregator(STALE, true, LimitsProvider.fixed(Limits.DEFAULTS, Map.of("acme", deleted))),
                p -> p.seriesKey,
                Types.STRING);
        harness.open();
        in(Partials.of("acme", "doomed_requests", MetricType.COUNTER).window(1_000, 5));
        in(Partials.of("globex", "kept_requests", MetricType.COUNTER).window(1_000, 5));
        assertThat(watermark(1_999))
                .as("only the tenant not being deleted")
                .extracting(Aggregate::getName)
                .containsOnly("kept_requests");
        // A counter is written every second while active: the deleted tenant's never again.
        assertThat(watermark(5_999)).extracting(Aggregate::getName).containsOnly("kept_requests");
    }

    @Test
    void aNewSeriesBeyondTheTenantsActiveSeriesLimitIsRefusedAndCounted() throws Exception {
        Limits one = limits(1, false);
        open(one);
        in(Partials.of("acme", "a", MetricType.GAUGE).window(1_000, 1));
        in(Partials.of("acme", "b", MetricType.GAUGE).window(1_000, 1, 1, 1));
        in(Partials.of("globex", "b", MetricType.GAUGE).window(1_000, 1));
        assertThat(watermark(1_999)).extracting(Aggregate::getName).containsExactlyInAnyOrder("a", "b");
        assertThat(accounting()).containsEntry("refused:err-pb-series-limit@1000", 3L);
    }

    @Test
    void rollupsAreWrittenAtTheirPeriodEnds() throws Exception {
        open(Limits.DEFAULTS);
        Partials req = Partials.of("acme", "req", MetricType.COUNTER);
        Partials cpu = Partials.of("acme", "cpu", MetricType.GAUGE);
        in(req.window(58_000, 2));
        in(req.window(59_000, 3));
        in(cpu.window(58_000, 10));
        in(cpu.window(59_000, 30));
        List<Aggregate> out = watermark(59_999);
        Map<String, Aggregate> minute = new HashMap<>();
        out.stream()
                .filter(a -> a.getWindowEndMs() - a.getWindowStartMs() == 60_000)
                .forEach(a -> minute.put(a.getName(), a));
        assertThat(minute.get("req").getTotal()).isEqualTo(5);
        assertThat(minute.get("req").getWindowStartMs()).isZero();
        Aggregate c = minute.get("cpu");
        assertThat(List.of(c.getLast(), c.getMin(), c.getMax(), (double) c.getCount()))
                .containsExactly(30.0, 10.0, 30.0, 2.0);
    }

    @Test
    void aStaleSeriesStopsBeingWrittenAndLeavesStateOnceItsHourIsOver() throws Exception {
        open(Limits.DEFAULTS);
        in(Partials.of("acme", "req", MetricType.COUNTER).window(1_000, 1));
        List<Aggregate> out = watermark(10_999);
        assertThat(out).extracting(Aggregate::getWindowStartMs).containsExactly(1_000L, 2_000L, 3_000L, 4_000L, 5_000L);
        harness.snapshot(1, 10_999); // keyed state holds the series as of the last checkpoint
        assertThat(harness.numKeyedStateEntries()).isPositive();
        watermark(3_600_000 + 59_999);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void everyAggregatedSampleIsCountedPerTenantWhenItsWindowCloses() throws Exception {
        open(Limits.DEFAULTS);
        in(Partials.of("acme", "a", MetricType.GAUGE).window(1_000, 1, 2));
        in(Partials.of("acme", "b", MetricType.GAUGE).window(2_000, 1));
        watermark(1_999);
        assertThat(accounting()).containsOnlyKeys("aggregated@1000").containsEntry("aggregated@1000", 2L);
        watermark(2_999);
        assertThat(accounting()).containsEntry("aggregated@2000", 1L);
    }

    @Test
    void aRestoredAggregatorWritesExactlyWhatAnUninterruptedOneWrites() throws Exception {
        List<String> uninterrupted = scenario(-1);
        assertThat(uninterrupted).hasSizeGreaterThan(20);
        assertThat(scenario(2_500)).as("restored mid-second").containsExactlyInAnyOrderElementsOf(uninterrupted);
        assertThat(scenario(Long.MIN_VALUE))
                .as("restored from before the first watermark")
                .containsExactlyInAnyOrderElementsOf(uninterrupted);
    }

    /**
     * Counters, a gauge and a histogram over a minute, with windows pending at the checkpoint; with {@code restoreAt}
     * (the watermark before the checkpoint; negative: no restore) the aggregator is rebuilt from that checkpoint.
     * Returns every write and count.
     */
    private List<String> scenario(long restoreAt) throws Exception {
        List<String> written = new ArrayList<>();
        open(Limits.DEFAULTS);
        Partials req = Partials.of("acme", "req", MetricType.COUNTER);
        Partials cpu = Partials.of("acme", "cpu", MetricType.GAUGE);
        Partials lat = Partials.of("globex", "lat", MetricType.HISTOGRAM);
        in(req.window(1_000, 1, 2));
        in(cpu.window(1_000, 5));
        in(lat.window(1_000, 0.2));
        restoreIf(restoreAt == Long.MIN_VALUE, restoreAt, written);
        watermark(1_999);
        in(req.window(2_000, 4));
        watermark(2_500);
        in(lat.window(3_000, 0.3));
        restoreIf(restoreAt == 2_500, restoreAt, written);
        watermark(2_999);
        in(req.window(5_000, 8));
        in(cpu.window(3_000, 7));
        for (long wm = 3_999; wm < 9_000; wm += 1_000) {
            watermark(wm);
        }
        in(cpu.window(59_000, 9));
        watermark(60_999);
        written.addAll(writes());
        harness.close();
        harness = null;
        return written;
    }

    /** Takes a checkpoint, keeps what was written so far, and restores a new aggregator from it. */
    private void restoreIf(boolean now, long watermark, List<String> written) throws Exception {
        if (now) {
            OperatorSubtaskState checkpoint = harness.snapshot(1, watermark);
            written.addAll(writes());
            harness.close();
            open(Limits.DEFAULTS, checkpoint);
        }
    }

    /** Every aggregate and accounting count the harness has output, as comparable text. */
    private List<String> writes() {
        List<String> out = new ArrayList<>();
        harness.extractOutputValues().forEach(a -> out.add(a.aggregate().toString()));
        var accounting = harness.getSideOutput(SeriesAggregator.ACCOUNTING);
        if (accounting != null) {
            accounting.forEach(
                    r -> out.add(r.getValue().seriesKey + "@" + r.getValue().windowStart + "=" + r.getValue().samples));
        }
        return out;
    }

    private Map<String, Long> accounting() {
        Map<String, Long> out = new HashMap<>();
        var records = harness.getSideOutput(SeriesAggregator.ACCOUNTING);
        if (records != null) {
            for (StreamRecord<SeriesPartial> r : records) {
                SeriesPartial p = r.getValue();
                SeriesKey.Identity id = SeriesKey.parse(p.seriesKey);
                String what = id.labelValues()[0] + (id.labelValues()[1].isEmpty() ? "" : ":" + id.labelValues()[1]);
                out.merge(what + "@" + p.windowStart, p.samples, Long::sum);
            }
        }
        return out;
    }
}
