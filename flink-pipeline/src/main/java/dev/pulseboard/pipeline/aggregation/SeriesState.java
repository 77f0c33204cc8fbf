package dev.pulseboard.pipeline.aggregation;

import dev.pulseboard.pipeline.serialization.SeriesStateSerializer;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * What the keyed aggregator keeps per series between windows (keyed, checkpointed state; the series' identity is the
 * state key): its type, the running totals that make counters and histograms cumulative across windows and restarts
 * (as the OpenTelemetry Collector's deltatocumulative processor does), and, for gauges and sets, one accumulator per
 * rollup period, and the windows received but not yet written.
 */
@TypeInfo(SeriesStateSerializer.Factory.class)
public class SeriesState {
    public int type;
    public int temporality;
    /** Start of the newest window that had samples. */
    public long lastDataWindow;
    /**
     * Counters: the running total (DELTA: sum of all increments; CUMULATIVE: the newest total sent). Gauges: the current
     * value, which gauge changes ({@code +n|g}) add to.
     */
    public double total;
    /** CUMULATIVE counters: timestamp of {@link #total}; gauges: {@code Long.MIN_VALUE} until the series has a value. */
    public long totalTs = Long.MIN_VALUE;
    /** Histogram types: cumulative observations per bucket, their sum and count, since the series started. */
    public double[] cumBuckets;

    public double cumSum;
    public double cumCount;
    /** Gauges and sets: one accumulator per {@link Windows#ROLLUP_MS} period (null while it has no samples). */
    public RollupStats[] rollups;
    /**
     * The windows received but not yet written, oldest first (usually one): kept here rather than in a map state so a
     * partial costs one state read and one write.
     */
    public SeriesPartial[] pending = NONE;

    static final SeriesPartial[] NONE = new SeriesPartial[0];

    public SeriesState() {}
}
