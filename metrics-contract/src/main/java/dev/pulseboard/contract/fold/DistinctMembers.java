package dev.pulseboard.contract.fold;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.Union;

/**
 * The distinct members of a set within a window: counted exactly up to {@value #EXACT_LIMIT} members, beyond that
 * with a HyperLogLog sketch (Apache DataSketches, lgK {@value #LG_K}: relative standard error about 1.6%). A mutable
 * accumulator; {@link #members()} or {@link #hll()} is its serialisable form.
 */
public final class DistinctMembers {
    public static final int EXACT_LIMIT = 1000;
    public static final int LG_K = 12;

    private Set<String> exact = new HashSet<>();
    private HllSketch hll;

    /** Restores an accumulator from its serialisable form (either argument may be null). */
    public static DistinctMembers of(String[] members, byte[] hllBytes) {
        DistinctMembers d = new DistinctMembers();
        if (hllBytes != null) {
            d.toHll();
            d.mergeHll(hllBytes);
        }
        if (members != null) {
            for (String m : members) {
                d.add(m);
            }
        }
        return d;
    }

    public void add(String member) {
        if (hll != null) {
            hll.update(member);
            return;
        }
        exact.add(member);
        if (exact.size() > EXACT_LIMIT) {
            toHll();
        }
    }

    public void addAll(Collection<String> members) {
        members.forEach(this::add);
    }

    public void merge(DistinctMembers other) {
        if (other.hll != null) {
            toHll();
            Union u = new Union(LG_K);
            u.update(hll);
            u.update(other.hll);
            hll = u.getResult();
        } else {
            other.exact.forEach(this::add);
        }
    }

    private void mergeHll(byte[] bytes) {
        Union u = new Union(LG_K);
        u.update(hll);
        u.update(HllSketch.heapify(bytes));
        hll = u.getResult();
    }

    private void toHll() {
        if (hll == null) {
            hll = new HllSketch(LG_K);
            exact.forEach(hll::update);
            exact = Set.of();
        }
    }

    /** Distinct members: exact up to {@value #EXACT_LIMIT}, an HLL estimate (rounded) beyond. */
    public long count() {
        return hll == null ? exact.size() : Math.round(hll.getEstimate());
    }

    public boolean isExact() {
        return hll == null;
    }

    /** The exact members, or null once counted by the sketch. */
    public String[] members() {
        return hll == null ? exact.toArray(String[]::new) : null;
    }

    /** The sketch's bytes, or null while counted exactly. */
    public byte[] hll() {
        return hll == null ? null : hll.toCompactByteArray();
    }
}
