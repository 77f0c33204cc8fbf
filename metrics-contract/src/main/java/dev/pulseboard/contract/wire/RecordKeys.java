package dev.pulseboard.contract.wire;

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
 * <p>{@link #foldedByShard} folds one request's samples at the edge ({@link EdgeFold}, ADR 005).
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
        EdgeFold fold = new EdgeFold(tenant, samples.size());
        for (Sample s : samples) {
            fold.add(s, bounds);
        }
        return fold.batches(source, receivedAtMs, Integer.MAX_VALUE);
    }

    /** A batch with its record key. */
    public record KeyedBatch(byte[] key, SampleBatch batch) {}

    /** A record value already encoded ({@link WireCodec} frame and batch), with its key. */
    public record EncodedRecord(byte[] key, byte[] value) {}
}
