package dev.pulseboard.contract.fold;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.google.protobuf.ByteString;
import dev.pulseboard.contract.limits.HistogramBuckets;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.contract.wire.v1.SeriesWindow;
import dev.pulseboard.contract.wire.v1.Temporality;
import java.util.Arrays;
import java.util.List;

/**
 * One series' samples of one 1 s window, folded (ADR 005): the arithmetic the gateway folds a request's samples with
 * (as a {@link SeriesWindow}) and the pipeline folds and merges its partial aggregates with, in one place, so that a
 * window folded at the edge merges exactly like its samples arriving one by one. A mutable accumulator: the "live"
 * sketch and set members exist only while folding and are written to their serialisable fields by {@link #seal}.
 *
 * <p>Values are in the units docs/metrics.md gives: timers in seconds, delta counters scaled by 1/rate
 * ({@link #value(Sample)}).
 */
public class WindowFold {
    /** The length of a window: the pipeline's finest resolution. */
    public static final long WINDOW_MS = 1000;

    /** {@link MetricType} number. */
    public int type;
    /** {@link Temporality} number (counters). */
    public int temporality;
    /** Window start, epoch ms (windows are 1 s). */
    public long windowStart;

    // contents
    /** Samples folded in, unweighted: the unit of the pipeline's accounting. */
    public long samples;
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
     * has none; the pipeline resolves it against the series' level.
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

    public WindowFold() {}

    /** An empty fold of the given type and window. */
    public WindowFold(int type, int temporality, long windowStart) {
        this.type = type;
        this.temporality = temporality;
        this.windowStart = windowStart;
    }

    /** Start of the window holding {@code timestampMs}. */
    public static long windowOf(long timestampMs) {
        return Math.floorDiv(timestampMs, WINDOW_MS) * WINDOW_MS;
    }

    /**
     * Folds {@code samples} (one series, type and window, in arrival order) into the {@link SeriesWindow} they stand
     * for, with the tenant's histogram {@code bounds}.
     */
    public static SeriesWindow fold(long windowStart, List<Sample> samples, HistogramBuckets bounds) {
        Sample first = samples.get(0);
        WindowFold fold = new WindowFold(first.getTypeValue(), first.getTemporalityValue(), windowStart);
        for (Sample s : samples) {
            fold.add(s, bounds);
        }
        return fold.toWindow(first.getName(), first.getLabelsList());
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
     * The value a sample contributes (docs/metrics.md): delta counters scaled by 1/rate (StatsD sampling), timers from
     * milliseconds to seconds, everything else as sent.
     */
    public static double value(Sample s) {
        double v = s.getValue();
        return switch (s.getType()) {
            case COUNTER -> s.getTemporality() == Temporality.DELTA ? v / rate(s) : v;
            case TIMER -> v / 1000.0;
            default -> v;
        };
    }

    /** Observations a histogram-type sample stands for: 1/rate (a sampled timer stands for several). */
    public static double weight(Sample s) {
        return isHistogram(s.getTypeValue()) ? 1.0 / rate(s) : 1.0;
    }

    private static double rate(Sample s) {
        double r = s.getSampleRate();
        return r > 0 && r < 1 ? r : 1.0;
    }

    /** Folds one valid sample of this series and window in: a gauge change or a value. */
    public void add(Sample s, HistogramBuckets bounds) {
        if (s.getGaugeDelta() && s.getType() == MetricType.GAUGE) {
            addGaugeDelta(s.getValue(), s.getTimestampMs());
        } else {
            add(value(s), s.getTimestampMs(), weight(s), s.getSetMember(), bounds);
        }
    }

    /**
     * Folds one value in. {@code value} is already converted ({@link #value(Sample)}); {@code weight} is 1/rate for
     * histogram types, else 1; {@code member} is the set member of a SET sample.
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
    public void merge(WindowFold other) {
        samples += other.samples;
        weight += other.weight;
        sum += other.sum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        if (other.lastTs == Long.MIN_VALUE) {
            // other holds only changes (or nothing): they add to whatever value this window ends with
            gaugeDelta += other.gaugeDelta;
            gaugeDeltas += other.gaugeDeltas;
        } else if (other.lastTs >= lastTs) {
            // other's absolute value is newer: this fold's changes came before it
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

    /** Writes the live accumulators into their serialisable fields; call before the fold leaves its owner. */
    public WindowFold seal() {
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

    /** Sets the contents (not the type or window) to those of an edge-folded {@code w}. */
    protected void readContents(SeriesWindow w) {
        samples = w.getSamples();
        weight = w.getWeight();
        sum = w.getSum();
        min = w.getSamples() > 0 ? w.getMin() : Double.POSITIVE_INFINITY;
        max = w.getSamples() > 0 ? w.getMax() : Double.NEGATIVE_INFINITY;
        last = w.getLast();
        lastTs = w.getLastTimestampMs();
        gaugeDelta = w.getGaugeDelta();
        gaugeDeltas = w.getGaugeDeltas();
        if (w.getBucketsCount() > 0) {
            buckets =
                    w.getBucketsList().stream().mapToDouble(Double::doubleValue).toArray();
        }
        if (!w.getSketch().isEmpty()) {
            sketch = w.getSketch().toByteArray();
        }
        if (w.getMembersCount() > 0) {
            members = w.getMembersList().toArray(String[]::new);
        }
        if (!w.getHll().isEmpty()) {
            hll = w.getHll().toByteArray();
        }
    }

    /** Seals this fold and writes it as the {@link SeriesWindow} of the series {@code name} with {@code labels}. */
    public SeriesWindow toWindow(String name, List<Label> labels) {
        seal();
        SeriesWindow.Builder w = SeriesWindow.newBuilder()
                .setName(name)
                .setTypeValue(type)
                .setTemporalityValue(type == MetricType.COUNTER_VALUE ? temporality : 0)
                .setWindowStartMs(windowStart)
                .setSamples(samples)
                .setWeight(weight)
                .setSum(sum)
                .setMin(min)
                .setMax(max)
                .setLast(last)
                .setLastTimestampMs(lastTs)
                .setGaugeDelta(gaugeDelta)
                .setGaugeDeltas(gaugeDeltas)
                .addAllLabels(labels);
        if (buckets != null) {
            Arrays.stream(buckets).forEach(w::addBuckets);
        }
        if (sketch != null) {
            w.setSketch(ByteString.copyFrom(sketch));
        }
        if (members != null) {
            w.addAllMembers(Arrays.asList(members));
        }
        if (hll != null) {
            w.setHll(ByteString.copyFrom(hll));
        }
        return w.build();
    }
}
