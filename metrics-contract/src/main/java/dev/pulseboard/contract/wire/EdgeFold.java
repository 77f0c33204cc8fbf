package dev.pulseboard.contract.wire;

import dev.pulseboard.contract.fold.SeriesIdentity;
import dev.pulseboard.contract.fold.WindowFold;
import dev.pulseboard.contract.limits.HistogramBuckets;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.contract.wire.v1.SampleBatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One tenant's samples folded at the edge (ADR 005), for as long as the caller keeps adding: one request's samples
 * ({@link RecordKeys#foldedByShard}), or a StatsD worker's packets of one second. The samples of one series within one
 * 1 s window, when there is more than one of them, become one {@code SeriesWindow} that the pipeline merges exactly as
 * if they had arrived one by one; a series' single sample of a window stays as it is (a window is larger on the wire).
 * Not thread-safe: one writer.
 */
public final class EdgeFold {
    private final String tenant;
    private final Map<FoldKey, Group> groups;
    private long samples;
    /** The last sample added and its group: a repeated StatsD line is the same instance, found without hashing. */
    private Sample last;

    private Group lastGroup;

    public EdgeFold(String tenant, int expectedSeries) {
        this.tenant = tenant;
        this.groups = new LinkedHashMap<>(expectedSeries * 4 / 3 + 1);
    }

    /** Adds a valid sample (the gateway validated it: folding keeps only its statistics); {@code bounds}: the tenant's. */
    @SuppressWarnings("ReferenceEquality") // the very instance added last: same series, same window
    public void add(Sample s, HistogramBuckets bounds) {
        samples++;
        if (s == last) {
            lastGroup.add(s, bounds);
            return;
        }
        FoldKey key = new FoldKey(new SeriesIdentity(tenant, s), WindowFold.windowOf(s.getTimestampMs()));
        Group g = groups.get(key);
        if (g == null) {
            g = new Group(s, key.window());
            groups.put(key, g);
        } else {
            g.add(s, bounds);
        }
        last = s;
        lastGroup = g;
    }

    /** Samples added. */
    public long samples() {
        return samples;
    }

    /** Series-windows held: what the batches will carry, as samples or windows. */
    public int entries() {
        return groups.size();
    }

    /**
     * What was added, as batches per shard in order of first appearance, each of at most {@code maxEntriesPerBatch}
     * samples and windows (so that no record outgrows the producer's request size).
     */
    public List<RecordKeys.KeyedBatch> batches(String source, long receivedAtMs, int maxEntriesPerBatch) {
        Map<Integer, SampleBatch.Builder> open = new LinkedHashMap<>();
        List<RecordKeys.KeyedBatch> out = new ArrayList<>();
        for (Group g : groups.values()) {
            int shard = SeriesKey.shard(tenant, g.first);
            SampleBatch.Builder b = open.computeIfAbsent(
                    shard,
                    k -> SampleBatch.newBuilder()
                            .setTenant(tenant)
                            .setSource(source)
                            .setReceivedAtMs(receivedAtMs));
            if (g.fold == null) {
                b.addSamples(g.first);
            } else {
                b.addWindows(g.fold.toWindow(g.first.getName(), g.first.getLabelsList()));
            }
            if (b.getSamplesCount() + b.getWindowsCount() >= maxEntriesPerBatch) {
                out.add(new RecordKeys.KeyedBatch(RecordKeys.of(tenant, shard), b.build()));
                open.remove(shard);
            }
        }
        open.forEach((shard, b) -> out.add(new RecordKeys.KeyedBatch(RecordKeys.of(tenant, shard), b.build())));
        return out;
    }

    /** A series and type within one window: what folds together. */
    private record FoldKey(SeriesIdentity series, long window) {}

    /** A series' samples of one window: the first one, and the fold once there is a second. */
    private static final class Group {
        final Sample first;
        final long window;
        WindowFold fold;

        Group(Sample first, long window) {
            this.first = first;
            this.window = window;
        }

        void add(Sample s, HistogramBuckets bounds) {
            if (fold == null) {
                fold = new WindowFold(first.getTypeValue(), first.getTemporalityValue(), window);
                fold.add(first, bounds);
            }
            fold.add(s, bounds);
        }
    }
}
