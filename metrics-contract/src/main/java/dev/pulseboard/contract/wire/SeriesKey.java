package dev.pulseboard.contract.wire;

import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.Sample;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Identity of one series: tenant, metric name and its (sorted) labels.
 *
 * <p>The hash is FNV-1a 64 over a canonical byte form, so it is stable across JVMs and releases: it decides the
 * shard, and the shard decides the Kafka partition. Changing it re-partitions every series.
 */
public final class SeriesKey {
    /** Number of shards a tenant's series are spread over; part of the record key, not the partition count. */
    public static final int SHARDS = 64;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private SeriesKey() {}

    /** Canonical text form {@code tenant|name|k=v,k=v}; labels must already be sorted by name. */
    public static String canonical(String tenant, String name, List<Label> sortedLabels) {
        StringBuilder sb = new StringBuilder(tenant.length() + name.length() + 16 * sortedLabels.size());
        sb.append(tenant).append('|').append(name).append('|');
        for (int i = 0; i < sortedLabels.size(); i++) {
            Label l = sortedLabels.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append(l.getName()).append('=').append(l.getValue());
        }
        return sb.toString();
    }

    public static String canonical(String tenant, Sample sample) {
        return canonical(tenant, sample.getName(), sample.getLabelsList());
    }

    public static long hash(String canonical) {
        long h = FNV_OFFSET;
        byte[] bytes = canonical.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            h ^= (b & 0xff);
            h *= FNV_PRIME;
        }
        return h;
    }

    public static int shard(String tenant, Sample sample) {
        return (int) Long.remainderUnsigned(hash(canonical(tenant, sample)), SHARDS);
    }
}
