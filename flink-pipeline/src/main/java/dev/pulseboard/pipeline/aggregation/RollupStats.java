package dev.pulseboard.pipeline.aggregation;

import dev.pulseboard.contract.fold.DistinctMembers;
import dev.pulseboard.contract.wire.v1.MetricType;

/**
 * A gauge's or set's statistics over one rollup period, folded from its 1 s windows. Counters and histograms need
 * none: their rollup is the running total at the period's end.
 */
public class RollupStats {
    public long count;
    public double sum;
    public double min = Double.POSITIVE_INFINITY;
    public double max = Double.NEGATIVE_INFINITY;
    public double last;
    public long lastTs = Long.MIN_VALUE;
    /** Sets: the period's distinct members while few, or their HyperLogLog sketch (as of {@link #settle()}). */
    public String[] members;

    public byte[] hll;
    /** Sets: the accumulator the windows are folded into while in memory; {@link #settle()} writes it to the above. */
    private DistinctMembers live;

    public RollupStats() {}

    /** Folds one 1 s window in. */
    public void add(SeriesPartial p) {
        count += p.samples;
        if (p.type == MetricType.SET_VALUE) {
            distinctMembers().merge(p.liveMembers != null ? p.liveMembers : DistinctMembers.of(p.members, p.hll));
            return;
        }
        sum += p.sum;
        min = Math.min(min, p.min);
        max = Math.max(max, p.max);
        if (p.lastTs >= lastTs) {
            last = p.last;
            lastTs = p.lastTs;
        }
    }

    private DistinctMembers distinctMembers() {
        if (live == null) {
            live = DistinctMembers.of(members, hll);
            members = null;
            hll = null;
        }
        return live;
    }

    public long distinct() {
        return live != null ? live.count() : DistinctMembers.of(members, hll).count();
    }

    /** Writes the set accumulator to {@link #members} or {@link #hll} (before the state is serialised). */
    public RollupStats settle() {
        if (live != null) {
            members = live.members();
            hll = live.hll();
            live = null;
        }
        return this;
    }
}
