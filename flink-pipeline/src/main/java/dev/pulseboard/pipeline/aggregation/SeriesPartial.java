package dev.pulseboard.pipeline.aggregation;

import dev.pulseboard.contract.fold.WindowFold;
import dev.pulseboard.contract.limits.Limits;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.SeriesWindow;
import dev.pulseboard.pipeline.serialization.SeriesPartialSerializer;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A partial aggregate of one series over one 1 s window: what the pre-aggregator folds a source subtask's samples into
 * and the keyed aggregator merges (ADR 005), so that the keyed work grows with series, not samples. The arithmetic is
 * the gateway's ({@link WindowFold}), so an edge-folded window merges exactly like its samples. Serialised by
 * {@link SeriesPartialSerializer} with only its canonical series key as identity (tenant, name and labels are read
 * back from the key where needed); the "live" accumulators exist only inside one operator and are written to their
 * serialisable fields by {@link #seal} before the partial leaves it.
 */
@TypeInfo(SeriesPartialSerializer.Factory.class)
public class SeriesPartial extends WindowFold {
    /** The series' canonical key ({@code SeriesKey.canonical}): its identity and the key of the keyed aggregator. */
    public String seriesKey;
    /** Of {@link #samples}: those that reached metrics-raw after their own window and were counted in this one. */
    public long retimed;
    /**
     * The limits under which the pre-aggregator found this series' name and labels valid (operator-local, like the
     * live accumulators; never serialised): later samples of the window under the same limits skip those checks.
     */
    public Limits seriesCheckedWith;

    public SeriesPartial() {}

    private SeriesPartial(String seriesKey, int type, int temporality, long windowStart) {
        super(type, temporality, windowStart);
        this.seriesKey = seriesKey;
    }

    /** An empty partial of the given series, type and window. */
    public static SeriesPartial of(String seriesKey, int type, int temporality, long windowStart) {
        return new SeriesPartial(seriesKey, type, temporality, windowStart);
    }

    /** The partial an edge-folded {@link SeriesWindow} stands for, with {@code key} and {@code windowStart}. */
    public static SeriesPartial of(String key, SeriesWindow w, long windowStart) {
        SeriesPartial p =
                of(key, w.getTypeValue(), w.getType() == MetricType.COUNTER ? w.getTemporalityValue() : 0, windowStart);
        p.readContents(w);
        return p;
    }

    /** Merges {@code other} as {@link WindowFold#merge} does, and its count of retimed samples. */
    @Override
    public void merge(WindowFold other) {
        super.merge(other);
        if (other instanceof SeriesPartial p) {
            retimed += p.retimed;
        }
    }

    @Override
    public SeriesPartial seal() {
        super.seal();
        return this;
    }
}
