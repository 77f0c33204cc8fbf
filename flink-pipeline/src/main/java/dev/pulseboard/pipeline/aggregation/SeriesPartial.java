package dev.pulseboard.pipeline.aggregation;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.pulseboard.contract.limits.HistogramBuckets;
import dev.pulseboard.contract.limits.Limits;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.SeriesWindow;
import dev.pulseboard.contract.wire.v1.Temporality;
import dev.pulseboard.pipeline.model.DistinctMembers;
import dev.pulseboard.pipeline.model.QuantileSketch;
import dev.pulseboard.pipeline.serialization.SeriesPartialSerializer;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A partial aggregate of one series over one 1 s window: what the pre-aggregator folds a source subtask's samples into
 * and the keyed aggregator merges (ADR 005), so that the keyed work grows with series, not samples. Serialised by
 * {@link SeriesPartialSerializer} with only its canonical series key as identity (tenant, name and labels are read
 * back from the key where needed); the "live" accumulators exist only inside one operator and are written to their
 * serialisable fields by {@link #seal} before the partial leaves it.
 *
 * <p>Values are in the units docs/metrics.md gives: timers already in seconds, counters already scaled by 1/rate.
 */
@TypeInfo(SeriesPartialSerializer.Factory.class)
public class SeriesPartial {
    /** The series' canonical key ({@code SeriesKey.canonical}): its identity and the key of the keyed aggregator. */
    public String seriesKey;
    /** {@link MetricType} number. */
    public int type;
    /** {@link Temporality} number (counters). */
    public int temporality;
    /** Window start, epoch ms (windows are 1 s). */
    public long windowStart;

    // contents
    /** Samples folded in, unweighted: the unit of the pipeline's accounting. */
    public long samples;
    /** Of {@link #samples}: those that reached metrics-raw after their own window and were counted in this one. */
    public long retimed;
    /** Observations: samples weighted by 1/sample rate (histogram types), else the sample count. */
    public double weight;
    /** Sum of the values (histogram types: weighted by 1/rate). */
    public double sum;

    public double min = Double.POSITIVE_INFINITY;
    public double max = Double.NEGATIVE_INFINITY;
    /** Value of the sample with the greatest timestamp (ties: the later arrival). */
    public double last;

    /** Of a window with an absolute value: its timestamp; {@code Long.MIN_VALUE} while there is none. */
    public long lastTs = Long.MIN_VALUE;
    /**
     * Gauges: the sum of the changes ({@code +n|g}) after the newest absolute value, or of all changes when the window
     * has none; the keyed aggregator resolves it against the series' level ({@link AggregateBuilder}).
     */
    public double gaugeDelta;
    /** Gauges: how many changes {@link #gaugeDelta} holds. */
    public long gaugeDeltas;
    /** Histogram types: observations per bucket (not cumulative), one more than the tenant's bounds (+Inf). */
    public double[] buckets;
    /** Histogram types: the window's DDSketch ({@link QuantileSketch}). */
    public byte[] sketch;
    /** Sets: the distinct members while few ({@link DistinctMembers}). */
    public String[] members;
    /** Sets: the HyperLogLog sketch once many. */
    public byte[] hll;

    public DDSketch liveSketch;
    public DistinctMembers liveMembers;
    /**
     * The limits under which the pre-aggregator found this series' name and labels valid (operator-local, like the
     * live accumulators; never serialised): later samples of the window under the same limits skip those checks.
     */
    public Limits seriesCheckedWith;

    public SeriesPartial() {}

    /** An empty partial of the given series, type and window. */
    public static SeriesPartial of(String seriesKey, int type, int temporality, long windowStart) {
        SeriesPartial p = new SeriesPartial();
        p.seriesKey = seriesKey;
        p.type = type;
        p.temporality = temporality;
        p.windowStart = windowStart;
        return p;
    }

    /** The partial an edge-folded {@link SeriesWindow} stands for, with {@code key} and {@code windowStart}. */
    public static SeriesPartial of(String key, SeriesWindow w, long windowStart) {
        SeriesPartial p =
                of(key, w.getTypeValue(), w.getType() == MetricType.COUNTER ? w.getTemporalityValue() : 0, windowStart);
        p.samples = w.getSamples();
        p.weight = w.getWeight();
        p.sum = w.getSum();
        p.min = w.getSamples() > 0 ? w.getMin() : Double.POSITIVE_INFINITY;
        p.max = w.getSamples() > 0 ? w.getMax() : Double.NEGATIVE_INFINITY;
        p.last = w.getLast();
        p.lastTs = w.getLastTimestampMs();
        p.gaugeDelta = w.getGaugeDelta();
        p.gaugeDeltas = w.getGaugeDeltas();
        if (w.getBucketsCount() > 0) {
            p.buckets =
                    w.getBucketsList().stream().mapToDouble(Double::doubleValue).toArray();
        }
        if (!w.getSketch().isEmpty()) {
            p.sketch = w.getSketch().toByteArray();
        }
        if (w.getMembersCount() > 0) {
            p.members = w.getMembersList().toArray(String[]::new);
        }
        if (!w.getHll().isEmpty()) {
            p.hll = w.getHll().toByteArray();
        }
        return p;
    }

    public MetricType metricType() {
        return MetricType.forNumber(type);
    }

    public boolean isHistogram() {
        return isHistogram(type);
    }

    public static boolean isHistogram(int type) {
        return type == MetricType.TIMER_VALUE
                || type == MetricType.HISTOGRAM_VALUE
                || type == MetricType.DISTRIBUTION_VALUE;
    }

    /**
     * Folds one sample in. {@code value} is already converted (timers to seconds, delta counters scaled by 1/rate);
     * {@code weight} is 1/rate for histogram types, else 1; {@code member} is the set member of a SET sample.
     */
    public void add(double value, long timestampMs, double weight, String member, HistogramBuckets bounds) {
        samples++;
        if (type == MetricType.SET_VALUE) {
            if (liveMembers == null) {
                liveMembers = DistinctMembers.of(members, hll);
                members = null;
                hll = null;
            }
            liveMembers.add(member);
            this.weight += 1;
            return;
        }
        if (isHistogram()) {
            if (liveSketch == null) {
                liveSketch = sketch == null ? QuantileSketch.create() : QuantileSketch.fromBytes(sketch);
                sketch = null;
            }
            if (buckets == null) {
                buckets = new double[bounds.size()];
            }
            int bucket = bounds.indexOf(value);
            if (bucket < buckets.length) {
                buckets[bucket] += weight;
            }
            liveSketch.accept(value, weight);
            this.weight += weight;
            sum += value * weight;
        } else {
            this.weight += 1;
            sum += value;
        }
        min = Math.min(min, value);
        max = Math.max(max, value);
        if (timestampMs >= lastTs) {
            last = value;
            lastTs = timestampMs;
            gaugeDelta = 0; // changes before the newest absolute value are superseded by it
            gaugeDeltas = 0;
        }
    }

    /**
     * Folds one gauge change in ({@code +n|g}, {@code -n|g}): it adds to the value the window ends with, unless an
     * absolute value of the window is newer (docs/metrics.md).
     */
    public void addGaugeDelta(double delta, long timestampMs) {
        samples++;
        weight += 1;
        if (lastTs == Long.MIN_VALUE || timestampMs >= lastTs) {
            gaugeDelta += delta;
            gaugeDeltas++;
        }
    }

    /** Merges {@code other} (same series, type and window; {@code other} counts as the later arrival for ties). */
    public void merge(SeriesPartial other) {
        samples += other.samples;
        retimed += other.retimed;
        weight += other.weight;
        sum += other.sum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        if (other.lastTs == Long.MIN_VALUE) {
            // other holds only changes (or nothing): they add to whatever value this window ends with
            gaugeDelta += other.gaugeDelta;
            gaugeDeltas += other.gaugeDeltas;
        } else if (other.lastTs >= lastTs) {
            // other's absolute value is newer: this partial's changes came before it
            gaugeDelta = other.gaugeDelta;
            gaugeDeltas = other.gaugeDeltas;
        }
        if (other.samples > 0 && other.lastTs >= lastTs) {
            last = other.last;
            lastTs = other.lastTs;
        }
        if (other.buckets != null) {
            if (buckets == null || buckets.length != other.buckets.length) {
                buckets = other.buckets.clone();
            } else {
                for (int i = 0; i < buckets.length; i++) {
                    buckets[i] += other.buckets[i];
                }
            }
        }
        if (other.sketch != null || other.liveSketch != null) {
            if (liveSketch == null) {
                liveSketch = sketch == null ? QuantileSketch.create() : QuantileSketch.fromBytes(sketch);
                sketch = null;
            }
            if (other.liveSketch != null) {
                liveSketch.mergeWith(other.liveSketch);
            } else {
                QuantileSketch.mergeInto(liveSketch, other.sketch);
            }
        }
        if (other.members != null || other.hll != null || other.liveMembers != null) {
            if (liveMembers == null) {
                liveMembers = DistinctMembers.of(members, hll);
                members = null;
                hll = null;
            }
            liveMembers.merge(
                    other.liveMembers != null ? other.liveMembers : DistinctMembers.of(other.members, other.hll));
        }
    }

    /** Writes the live accumulators into their serialisable fields; call before the partial leaves an operator. */
    public SeriesPartial seal() {
        if (liveSketch != null) {
            sketch = QuantileSketch.toBytes(liveSketch);
            liveSketch = null;
        }
        if (liveMembers != null) {
            members = liveMembers.members();
            hll = liveMembers.hll();
            liveMembers = null;
        }
        return this;
    }

    /** Distinct set members in the window (sealed or live). */
    public long distinct() {
        if (liveMembers != null) {
            return liveMembers.count();
        }
        return members == null && hll == null
                ? 0
                : DistinctMembers.of(members, hll).count();
    }

    /** The window's sketch (sealed or live); null for other types or an empty window. */
    public DDSketch quantileSketch() {
        if (liveSketch != null) {
            return liveSketch;
        }
        return sketch == null ? null : QuantileSketch.fromBytes(sketch);
    }
}
