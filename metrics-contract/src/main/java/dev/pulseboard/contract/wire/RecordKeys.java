package dev.pulseboard.contract.wire;

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

    /** A batch with its record key. */
    public record KeyedBatch(byte[] key, SampleBatch batch) {}
}
