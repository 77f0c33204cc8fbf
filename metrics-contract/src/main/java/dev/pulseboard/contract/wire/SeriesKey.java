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

    /**
     * Canonical text form {@code tenant|name|k=v,k=v}; labels must already be sorted by name. Every part is escaped
     * ({@code \\ | , =} get a backslash), so two different series never share a key: {@code {q="a=1,b=2"}} and
     * {@code {q="a=1",b="2"}} are {@code q=a\=1\,b\=2} and {@code q=a\=1,b=2}.
     */
    public static String canonical(String tenant, String name, List<Label> sortedLabels) {
        StringBuilder sb = new StringBuilder(tenant.length() + name.length() + 24 * sortedLabels.size());
        appendEscaped(sb, tenant).append('|');
        appendEscaped(sb, name).append('|');
        for (int i = 0; i < sortedLabels.size(); i++) {
            Label l = sortedLabels.get(i);
            if (i > 0) {
                sb.append(',');
            }
            appendEscaped(sb, l.getName()).append('=');
            appendEscaped(sb, l.getValue());
        }
        return sb.toString();
    }

    private static StringBuilder appendEscaped(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '|' || c == ',' || c == '=') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb;
    }

    public static String canonical(String tenant, Sample sample) {
        return canonical(tenant, sample.getName(), sample.getLabelsList());
    }

    /** A series' identity as {@link #parse} reads it back from its canonical key. */
    public record Identity(String tenant, String name, String[] labelNames, String[] labelValues) {}

    /** The tenant, name and labels of a {@link #canonical} key: the inverse of {@code canonical}. */
    public static Identity parse(String canonical) {
        List<String> parts = new java.util.ArrayList<>(8);
        StringBuilder cur = new StringBuilder();
        int fields = 0; // 0 = tenant, 1 = name, 2+ = labels
        String tenant = null;
        String name = null;
        boolean escaped = false;
        for (int i = 0; i <= canonical.length(); i++) {
            char c = i < canonical.length() ? canonical.charAt(i) : '\u0000';
            boolean end = i == canonical.length();
            if (escaped) {
                cur.append(c);
                escaped = false;
            } else if (!end && c == '\\') {
                escaped = true;
            } else if (fields < 2 && (c == '|' || end)) {
                if (fields == 0) {
                    tenant = cur.toString();
                } else {
                    name = cur.toString();
                }
                cur.setLength(0);
                fields++;
            } else if (fields >= 2 && (c == ',' || c == '=' || end)) {
                if (!(end && cur.length() == 0 && parts.isEmpty())) {
                    parts.add(cur.toString());
                }
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        String[] names = new String[parts.size() / 2];
        String[] values = new String[parts.size() / 2];
        for (int i = 0; i < names.length; i++) {
            names[i] = parts.get(2 * i);
            values[i] = parts.get(2 * i + 1);
        }
        return new Identity(tenant, name == null ? "" : name, names, values);
    }

    public static long hash(String canonical) {
        long h = HASH_START;
        byte[] bytes = canonical.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            h = hashByte(h, b);
        }
        return h;
    }

    /**
     * The hash before its first byte. With {@link #hashByte} and {@link #hashEscaped}, a caller that holds a series'
     * parts as UTF-8 bytes (a remote-write request) computes {@link #hash} of its canonical key without building it:
     * {@code hashEscaped(tenant)}, {@code '|'}, {@code hashEscaped(name)}, {@code '|'}, then each label's name, {@code
     * '='} and value, separated by {@code ','}.
     */
    public static final long HASH_START = FNV_OFFSET;

    /** {@code h} continued over one byte. */
    public static long hashByte(long h, int b) {
        return (h ^ (b & 0xff)) * FNV_PRIME;
    }

    /**
     * {@code h} continued over one part of a canonical key, given as UTF-8 bytes, escaped as {@link #canonical} does
     * (the escaped characters are ASCII, so no byte of a multi-byte character is one of them).
     */
    public static long hashEscaped(long h, byte[] utf8, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            h = hashEscapedByte(h, utf8[i]);
        }
        return h;
    }

    /**
     * {@code h} continued over one byte of a part, escaped: what {@link #hashEscaped} does per byte, for a caller that
     * looks at each byte for its own reasons in the same pass.
     */
    public static long hashEscapedByte(long h, byte b) {
        if (ESCAPED[b & 0xff]) {
            h = hashByte(h, '\\');
        }
        return hashByte(h, b);
    }

    /** The bytes {@link #canonical} escapes, by value. */
    private static final boolean[] ESCAPED = new boolean[256];

    static {
        for (char c : new char[] {'\\', '|', ',', '='}) {
            ESCAPED[c] = true;
        }
    }

    public static int shard(String tenant, Sample sample) {
        return shardOf(canonical(tenant, sample));
    }

    /** The shard of a series by its {@link #canonical} key. */
    public static int shardOf(String canonicalKey) {
        return shardOfHash(hash(canonicalKey));
    }

    /** The shard of a series by the {@link #hash} of its canonical key. */
    public static int shardOfHash(long hash) {
        return (int) Long.remainderUnsigned(hash, SHARDS);
    }
}
