package dev.pulseboard.pipeline.aggregation;

import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.pipeline.model.DistinctMembers;

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
    /** Sets: the period's distinct members while few, or their HyperLogLog sketch. */
    public String[] members;

    public byte[] hll;

    public RollupStats() {}

    /** Folds one 1 s window in. */
    public void add(SeriesPartial p) {
        count += p.samples;
        if (p.type == MetricType.SET_VALUE) {
            DistinctMembers d = DistinctMembers.of(members, hll);
            d.merge(p.liveMembers != null ? p.liveMembers : DistinctMembers.of(p.members, p.hll));
            members = d.members();
            hll = d.hll();
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

    public long distinct() {
        return DistinctMembers.of(members, hll).count();
    }
}
