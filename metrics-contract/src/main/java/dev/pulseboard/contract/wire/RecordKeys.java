package dev.pulseboard.contract.wire;

import dev.pulseboard.contract.fold.SeriesIdentity;
import dev.pulseboard.contract.fold.WindowFold;
import dev.pulseboard.contract.limits.HistogramBuckets;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.contract.wire.v1.SampleBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups one tenant's samples into Kafka records of metrics-raw.
 *
 * <p>The record key is {@code "<tenant>/<shard>"}; Kafka's default partitioner hashes it, so a series always
 * lands in the same partition however many samples travel together.
 *
 * <p>{@link #foldedByShard} folds at the edge (ADR 005): the samples of one series within one 1 s window, when there
 * is more than one of them, travel as one {@code SeriesWindow} that the pipeline merges exactly as if they had arrived
 * one by one; a series' single sample of a window travels as it is (a window would be larger on the wire).
 */
public final class RecordKeys {
    private RecordKeys() {}

    public static byte[] of(String tenant, int shard) {
        return (tenant + "/" + shard).getBytes(StandardCharsets.UTF_8);
    }

    /** One batch per shard present in {@code samples}, in order of first appearance. */
    public static List<KeyedBatch> batchByShard(String tenant, List<Sample> samples, String source, long receivedAtMs) {
        Map<Integer, SampleBatch.Builder> byShard = new LinkedHashMap<>();
        for (Sample s : samples) {
            int shard = SeriesKey.shard(tenant, s);
            byShard.computeIfAbsent(
                            shard,
                            k -> SampleBatch.newBuilder()
                                    .setTenant(tenant)
                                    .setSource(source)
                                    .setReceivedAtMs(receivedAtMs))
                    .addSamples(s);
        }
        List<KeyedBatch> out = new ArrayList<>(byShard.size());
        byShard.forEach((shard, b) -> out.add(new KeyedBatch(of(tenant, shard), b.build())));
        return out;
    }

    /**
     * One batch per shard present in {@code samples}, in order of first appearance, with each series' samples of one
     * window folded into a {@code SeriesWindow} where there are several ({@code bounds}: the tenant's histogram bucket
     * bounds). The samples must be valid (the gateway validated them): folding keeps only their statistics.
     */
    public static List<KeyedBatch> foldedByShard(
            String tenant, List<Sample> samples, String source, long receivedAtMs, HistogramBuckets bounds) {
        Map<FoldKey, Group> groups = new LinkedHashMap<>(samples.size() * 4 / 3 + 1);
        for (Sample s : samples) {
            FoldKey key = new FoldKey(new SeriesIdentity(tenant, s), WindowFold.windowOf(s.getTimestampMs()));
            Group g = groups.get(key);
            if (g == null) {
                groups.put(key, new Group(s));
            } else {
                g.add(key.window(), s, bounds);
            }
        }
        Map<Integer, SampleBatch.Builder> byShard = new LinkedHashMap<>();
        for (Group g : groups.values()) {
            SampleBatch.Builder b = byShard.computeIfAbsent(
                    SeriesKey.shard(tenant, g.first),
                    k -> SampleBatch.newBuilder()
                            .setTenant(tenant)
                            .setSource(source)
                            .setReceivedAtMs(receivedAtMs));
            if (g.fold == null) {
                b.addSamples(g.first);
            } else {
                b.addWindows(g.fold.toWindow(g.first.getName(), g.first.getLabelsList()));
            }
        }
        List<KeyedBatch> out = new ArrayList<>(byShard.size());
        byShard.forEach((shard, b) -> out.add(new KeyedBatch(of(tenant, shard), b.build())));
        return out;
    }

    /** A series and type within one window: what folds together. */
    private record FoldKey(SeriesIdentity series, long window) {}

    /** A series' samples of one window: the first one, and the fold once there is a second. */
    private static final class Group {
        final Sample first;
        WindowFold fold;

        Group(Sample first) {
            this.first = first;
        }

        void add(long window, Sample s, HistogramBuckets bounds) {
            if (fold == null) {
                fold = new WindowFold(first.getTypeValue(), first.getTemporalityValue(), window);
                fold.add(first, bounds);
            }
            fold.add(s, bounds);
        }
    }

    /** A batch with its record key. */
    public record KeyedBatch(byte[] key, SampleBatch batch) {}
}
