package dev.pulseboard.pipeline.aggregation;

import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.fold.SeriesIdentity;
import dev.pulseboard.contract.limits.Limits;
import dev.pulseboard.contract.limits.TenantLimits;
import dev.pulseboard.contract.validation.Rejection;
import dev.pulseboard.contract.validation.SampleValidator;
import dev.pulseboard.contract.wire.SeriesKey;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.contract.wire.v1.SampleBatch;
import dev.pulseboard.contract.wire.v1.SeriesWindow;
import dev.pulseboard.pipeline.ingest.RawBatch;
import dev.pulseboard.pipeline.late.LateSample;
import dev.pulseboard.pipeline.limits.LimitsProvider;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Runs chained to the Kafka source, on every raw sample (ADR 005): validates it with its tenant's limits, decides
 * whether it is on time by its own append time, and folds it into a {@link SeriesPartial} per series and 1 s window,
 * so that what crosses the network to the keyed aggregator grows with series, not samples (as Veneur does).
 *
 * <ul>
 *   <li>A sample of window W is on time when metrics-raw appended it before {@code W.end + maxLag}; the watermarks
 *       ({@code IngestClockWatermarks}) guarantee W is still open then. Otherwise, if appended within
 *       {@code allowedLateness} after that, it is counted in its arrival window (the window of
 *       {@code appendTime - maxLag}, still open) and counted as retimed; later ones go to metrics-late. Each decision
 *       depends only on the record, so a replay after a restore decides the same.</li>
 *   <li>Timestamps are validated against the gateway's receive time of the batch (its append time if unknown), never
 *       the wall clock: the same sample gets the same verdict in every run.</li>
 *   <li>Partials leave when the watermark passes their window (before the watermark itself, so they are never late
 *       downstream) and before every checkpoint barrier, so this operator keeps no state of its own.</li>
 * </ul>
 * Outputs: partials (main), {@link #LATE} samples, {@link #ACCOUNTING} partials of {@code pulseboard_samples_total}
 * for the late and refused samples and of {@code pulseboard_samples_retimed_total} (the keyed aggregator counts the
 * aggregated ones, since it may still refuse a series).
 */
public final class SeriesPreAggregator extends AbstractStreamOperator<SeriesPartial>
        implements OneInputStreamOperator<RawBatch, SeriesPartial> {
    public static final OutputTag<LateSample> LATE = new OutputTag<>("late", TypeInformation.of(LateSample.class));
    public static final OutputTag<SeriesPartial> ACCOUNTING =
            new OutputTag<>("accounting", TypeInformation.of(SeriesPartial.class));

    private final long maxLagMs;
    private final long allowedLatenessMs;
    private final LimitsProvider limitsProvider;

    private transient TenantLimits limits;
    private transient TreeMap<Long, Map<SeriesIdentity, SeriesPartial>> open;
    private transient Accounting accounting;
    private transient StreamRecord<SeriesPartial> out;
    private transient Counter samplesIn;
    private transient Counter partialsOut;
    private transient Counter aggregatedOut;
    /** Series in the last window emitted: how large the next window's map starts. */
    private transient int lastWindowSeries;

    /**
     * @param maxLagMs          the watermark lag: a sample is on time when appended before its window end + this
     * @param allowedLatenessMs how much later than that a sample is still counted (in its arrival window)
     */
    public SeriesPreAggregator(long maxLagMs, long allowedLatenessMs, LimitsProvider limits) {
        this.maxLagMs = maxLagMs;
        this.allowedLatenessMs = allowedLatenessMs;
        this.limitsProvider = limits;
    }

    @Override
    public void open() throws Exception {
        super.open();
        limits = limitsProvider.open();
        open = new TreeMap<>();
        accounting = new Accounting();
        out = new StreamRecord<>(null);
        samplesIn = getMetricGroup().counter("samplesIn");
        partialsOut = getMetricGroup().counter("partialsOut");
        aggregatedOut = getMetricGroup().counter("samplesToAggregation");
    }

    @Override
    @SuppressWarnings("ReferenceEquality") // the very limits instance a series was checked with: a change is a new one
    public void processElement(StreamRecord<RawBatch> element) {
        RawBatch raw = element.getValue();
        SampleBatch batch = raw.batch();
        if (batch.getTick()) {
            return;
        }
        String tenant = batch.getTenant();
        Limits l = limits.limitsFor(tenant);
        long append = raw.appendTimeMs();
        long arrival = Windows.start(append - maxLagMs);
        long now = batch.getReceivedAtMs() > 0 ? batch.getReceivedAtMs() : append;
        long aggregated = 0;
        long retimed = 0;
        List<Sample> samples = batch.getSamplesList();
        samplesIn.inc(samples.size());
        for (Sample s : samples) {
            long window = Windows.start(s.getTimestampMs());
            boolean late = window < arrival;
            SeriesIdentity series = new SeriesIdentity(tenant, s);
            long placed = late ? arrival : window;
            SeriesPartial p = openPartial(series, placed);
            // a series already in this window under the same limits has valid name and labels: only the value and
            // the timestamp are left to check (the same answer as checking everything)
            Rejection r = p != null && p.seriesCheckedWith == l
                    ? SampleValidator.validateOfCheckedSeries(s, l, now)
                    : SampleValidator.validate(s, l, now);
            if (r != null) {
                accounting.count(tenant, Accounting.REFUSED, r.id(), arrival, 1);
                continue;
            }
            if (late && append >= window + Windows.SECOND_MS + maxLagMs + allowedLatenessMs) {
                String key = SeriesKey.canonical(tenant, s);
                output.collect(
                        LATE,
                        new StreamRecord<>(
                                new LateSample(tenant, SeriesKey.shardOf(key), s.toByteArray(), null, append),
                                element.getTimestamp()));
                accounting.count(tenant, Accounting.LATE, ErrorId.SAMPLE_LATE.id(), arrival, 1);
                continue;
            }
            if (p == null) {
                p = newPartial(series, placed);
            }
            p.seriesCheckedWith = l;
            p.add(s, l.histogramBuckets());
            if (late) {
                p.retimed++;
                retimed++;
            }
            aggregated++;
        }
        for (SeriesWindow w : batch.getWindowsList()) {
            retimed += window(tenant, w, l, now, append, arrival, element.getTimestamp());
        }
        // "aggregated" is counted by the keyed aggregator, which may still refuse a series
        accounting.retimed(tenant, arrival, retimed);
        aggregatedOut.inc(aggregated);
    }

    /**
     * An edge-folded window: judged and placed like its samples (it counts as {@code samples} of them), merged into
     * the window's partial. Returns how many of its samples were retimed.
     */
    private long window(String tenant, SeriesWindow w, Limits l, long now, long append, long arrival, long ts) {
        Rejection r = SampleValidator.validateWindow(w, l, now);
        if (r != null) {
            accounting.count(tenant, Accounting.REFUSED, r.id(), arrival, w.getSamples());
            return 0;
        }
        long window = Windows.start(w.getWindowStartMs());
        boolean late = window < arrival;
        if (late && append >= window + Windows.SECOND_MS + maxLagMs + allowedLatenessMs) {
            String key = SeriesKey.canonical(tenant, w.getName(), w.getLabelsList());
            output.collect(
                    LATE,
                    new StreamRecord<>(
                            new LateSample(tenant, SeriesKey.shardOf(key), null, w.toByteArray(), append), ts));
            accounting.count(tenant, Accounting.LATE, ErrorId.SAMPLE_LATE.id(), arrival, w.getSamples());
            return 0;
        }
        SeriesPartial p = partialFor(new SeriesIdentity(tenant, w), late ? arrival : window);
        p.merge(SeriesPartial.of(p.seriesKey, w, p.windowStart));
        samplesIn.inc(w.getSamples());
        aggregatedOut.inc(w.getSamples());
        if (late) {
            p.retimed += w.getSamples();
            return w.getSamples();
        }
        return 0;
    }

    private SeriesPartial partialFor(SeriesIdentity series, long window) {
        SeriesPartial p = openPartial(series, window);
        return p != null ? p : newPartial(series, window);
    }

    /** The series' partial of {@code window}, or null while it has none. */
    private SeriesPartial openPartial(SeriesIdentity series, long window) {
        Map<SeriesIdentity, SeriesPartial> byKey = open.get(window);
        return byKey == null ? null : byKey.get(series);
    }

    private SeriesPartial newPartial(SeriesIdentity series, long window) {
        // sized for as many series as the last window emitted: a second's map does not grow (and rehash) from empty
        Map<SeriesIdentity, SeriesPartial> byKey =
                open.computeIfAbsent(window, w -> new HashMap<>((int) (lastWindowSeries / 0.75f) + 1));
        // a series sent as two types within a window gets two partials; the keyed aggregator refuses the one that
        // differs from the type the series has
        SeriesPartial p = SeriesPartial.of(series.canonical(), series.type(), series.temporality(), window);
        byKey.put(series, p);
        return p;
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        // windows whose last millisecond the watermark reached: emit them first, so they are on time downstream
        flushBefore(Windows.start(mark.getTimestamp() + 1));
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) {
        flushBefore(Long.MAX_VALUE);
    }

    @Override
    public void finish() throws Exception {
        flushBefore(Long.MAX_VALUE);
        super.finish();
    }

    /** Emits every partial and accounting count of windows starting before {@code windowStartLimit}. */
    private void flushBefore(long windowStartLimit) {
        while (!open.isEmpty() && open.firstKey() < windowStartLimit) {
            Map.Entry<Long, Map<SeriesIdentity, SeriesPartial>> window = open.pollFirstEntry();
            long ts = Windows.lastMs(window.getKey());
            lastWindowSeries = window.getValue().size();
            for (SeriesPartial p : window.getValue().values()) {
                output.collect(out.replace(p.seal(), ts));
                partialsOut.inc();
            }
        }
        accounting.flushBefore(
                windowStartLimit,
                p -> output.collect(ACCOUNTING, new StreamRecord<>(p, Windows.lastMs(p.windowStart))));
    }

    @Override
    public void close() throws Exception {
        limitsProvider.release();
        super.close();
    }
}
