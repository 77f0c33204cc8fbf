package dev.pulseboard.gateway.ingest.remotewrite;

import com.google.protobuf.CodedInputStream;
import dev.pulseboard.contract.fold.WindowFold;
import dev.pulseboard.contract.limits.Limits;
import dev.pulseboard.contract.prometheus.Exemplar;
import dev.pulseboard.contract.prometheus.MetricMetadata;
import dev.pulseboard.contract.validation.SampleValidator;
import dev.pulseboard.contract.wire.RecordKeys;
import dev.pulseboard.contract.wire.SampleRecordBuilder;
import dev.pulseboard.contract.wire.SeriesKey;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Temporality;
import dev.pulseboard.gateway.ingest.PrometheusFamilies;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Remote-write's fast path (docs/ingest.md, "Prometheus remote-write"): a decompressed {@code WriteRequest} straight
 * to metrics-raw record values, reading names and labels as bytes where they lie in the request and copying them into
 * the records, without a string, a {@code Sample} or a hash map entry per sample.
 *
 * <p>It gives exactly what the general path gives ({@link RemoteWriteConverter}, the sample screen, {@code
 * RecordKeys}: the same records, byte for byte, in the same order; {@code RemoteWriteTranscoderTest} holds them equal)
 * for the requests Prometheus sends: valid samples of ASCII series with labels sorted by name. Anything else it
 * declines ({@link #transcode} returns null) and the general path answers: any sample the screen would refuse, a
 * non-ASCII name or label, labels out of order or a second {@code __name__}, native histograms, a series twice in one
 * window (the general path folds those), more samples than the request limit, malformed protobuf.
 *
 * <p>Names and label names are checked with {@link SampleValidator}'s own rules, once per distinct name in the request;
 * a label value is hashed, checked for ASCII and for the shape of a key in one pass over its bytes. Labels and samples
 * laid out as every protobuf encoder writes them are read straight from the bytes, anything else field by field through
 * protobuf's {@link CodedInputStream} (cost per request: {@code RemoteWriteTranscoderBenchmark}, docs/benchmarks.md).
 * One instance per request.
 */
final class RemoteWriteTranscoder {
    // tags are field number << 3 | wire type; 10 is field 1, length-delimited: WriteRequest.timeseries,
    // TimeSeries.labels, Label.name
    private static final int LABEL_TAG = 10;
    private static final int LABEL_VALUE_TAG = 18;
    private static final int SAMPLES_TAG = 18;
    private static final int EXEMPLARS_TAG = 26;
    private static final int HISTOGRAMS_TAG = 34;
    private static final int SAMPLE_VALUE_TAG = 9;
    private static final int SAMPLE_TIMESTAMP_TAG = 16;
    private static final int METADATA_TAG = 26;
    private static final VarHandle LITTLE_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] NAME_LABEL = "__name__".getBytes(StandardCharsets.US_ASCII);

    /** Each worker thread's record builders, one per shard, kept between requests. */
    private static final ThreadLocal<SampleRecordBuilder[]> BUILDERS = ThreadLocal.withInitial(() -> {
        SampleRecordBuilder[] builders = new SampleRecordBuilder[SeriesKey.SHARDS];
        for (int i = 0; i < builders.length; i++) {
            builders[i] = new SampleRecordBuilder();
        }
        return builders;
    });

    private final byte[] body;
    private final int seriesCount;
    private final List<MetricMetadata> metadata;

    /** What one request became: record values for metrics-raw, plus what is counted but not stored. */
    record Transcoded(List<RecordKeys.EncodedRecord> records, int samples, int staleMarkers, int exemplars) {}

    private RemoteWriteTranscoder(byte[] body, int seriesCount, List<MetricMetadata> metadata) {
        this.body = body;
        this.seriesCount = seriesCount;
        this.metadata = metadata;
    }

    /**
     * Counts the request's series and reads its metadata; null when the request is not a well-formed {@code
     * WriteRequest} at its top level (the general path then says why).
     */
    static RemoteWriteTranscoder scan(byte[] body) {
        CodedInputStream in = CodedInputStream.newInstance(body);
        int count = 0;
        List<MetricMetadata> metadata = new ArrayList<>();
        try {
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (tag == LABEL_TAG) { // WriteRequest.timeseries, read by transcode
                    count++;
                    in.skipRawBytes(in.readRawVarint32());
                } else if (tag == METADATA_TAG) {
                    metadata.add(MetricMetadata.parseFrom(in.readBytes()));
                } else if (!in.skipField(tag)) {
                    return null;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return new RemoteWriteTranscoder(body, count, metadata);
    }

    /** The request's metadata entries, in order. */
    List<MetricMetadata> metadata() {
        return metadata;
    }

    /**
     * The request as records of one tenant, or null where the general path must answer (see the class comment).
     *
     * @param typeOf a metric family's type from metadata, or null
     * @param nowMs the receive time: the batches' receive time and what timestamps are judged against
     * @param maxSamples the request's sample limit
     * @param maxPerRecord samples per record at most, counted from the first sample as the general path cuts them
     * @param foldWindows whether the general path would fold a series' samples of one window (then declined here)
     */
    Transcoded transcode(
            String tenant,
            Limits limits,
            Function<String, MetricMetadata.MetricType> typeOf,
            long nowMs,
            int maxSamples,
            int maxPerRecord,
            boolean foldWindows) {
        return new Run(tenant, limits, typeOf, nowMs, maxSamples, maxPerRecord, foldWindows).all();
    }

    /** One transcoding: the per-request state. */
    private final class Run {
        private final String tenant;
        private final byte[] tenantBytes;
        private final Limits limits;
        private final Function<String, MetricMetadata.MetricType> typeOf;
        private final long nowMs;
        private final int maxSamples;
        private final int maxPerRecord;
        private final SeriesWindows seen;
        private final long tenantHash;
        private final long oldestMs;
        private final long newestMs;
        private final SampleRecordBuilder[] shards = BUILDERS.get();
        private final int[] openShards = new int[SeriesKey.SHARDS];
        private final boolean[] open = new boolean[SeriesKey.SHARDS];
        private final List<RecordKeys.EncodedRecord> records = new ArrayList<>();
        private final byte[] source = RemoteWriteResource.PROTOCOL.getBytes(StandardCharsets.UTF_8);

        // the label being read: name offset, name length, value offset, value length
        private final int[] label = new int[4];
        // the labels kept of the series being read: name offset, name length, value offset, value length
        private int[] labels = new int[4 * 16];
        private int labelCount;
        private double[] values = new double[8];
        private long[] timestamps = new long[8];
        // the label names judged valid, by position (a family's series repeat them)
        private int[] judgedNames = new int[2 * 16];
        private int judgedCount;
        // the metric name judged last, its type and its hash so far
        private int judgedNameOffset = -1;
        private int judgedNameLength;
        private boolean counter;
        private long nameHash;
        // the hash of the series being judged, so far
        private long seriesHash;

        private int samples;
        private int inChunk;
        private int openCount;
        private int stale;
        private int exemplars;

        Run(
                String tenant,
                Limits limits,
                Function<String, MetricMetadata.MetricType> typeOf,
                long nowMs,
                int maxSamples,
                int maxPerRecord,
                boolean foldWindows) {
            this.tenant = tenant;
            this.tenantBytes = tenant.getBytes(StandardCharsets.UTF_8);
            this.limits = limits;
            this.typeOf = typeOf;
            this.nowMs = nowMs;
            this.maxSamples = maxSamples;
            this.maxPerRecord = maxPerRecord;
            this.seen = foldWindows ? new SeriesWindows(seriesCount) : null;
            this.tenantHash = SeriesKey.hashByte(
                    SeriesKey.hashEscaped(SeriesKey.HASH_START, tenantBytes, 0, tenantBytes.length), '|');
            this.oldestMs = nowMs - limits.pastGrace().toMillis();
            this.newestMs = nowMs + limits.futureGrace().toMillis();
        }

        Transcoded all() {
            CodedInputStream in = CodedInputStream.newInstance(body); // one stream: offsets are the body's
            try {
                for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                    if (tag == LABEL_TAG) { // WriteRequest.timeseries
                        int limit = in.pushLimit(in.readRawVarint32());
                        if (!oneSeries(in)) {
                            return null;
                        }
                        in.popLimit(limit);
                    } else if (!in.skipField(tag)) {
                        return null;
                    }
                }
            } catch (IOException e) {
                return null;
            }
            closeChunk();
            return new Transcoded(records, samples, stale, exemplars);
        }

        /** Reads, checks and writes one {@code TimeSeries}; false to decline the request. */
        private boolean oneSeries(CodedInputStream in) throws IOException {
            labelCount = 0;
            int nameOffset = -1;
            int nameLength = 0;
            int sampleCount = 0;
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (tag == LABEL_TAG) {
                    if (!readLabel(in)) {
                        return false;
                    }
                    if (equalsName(label[0], label[1])) {
                        if (nameOffset >= 0) {
                            return false;
                        }
                        nameOffset = label[2];
                        nameLength = label[3];
                    } else if (label[3] > 0) {
                        keepLabel();
                    } else if (!ascii(label[0], label[1])) { // dropped, but not a name the general path would take
                        return false;
                    }
                } else if (tag == SAMPLES_TAG) {
                    if (sampleCount == values.length) {
                        values = Arrays.copyOf(values, 2 * sampleCount);
                        timestamps = Arrays.copyOf(timestamps, 2 * sampleCount);
                    }
                    if (!readSample(in, sampleCount)) {
                        return false;
                    }
                    sampleCount++;
                } else if (tag == EXEMPLARS_TAG) {
                    // not stored, but as well-formed as the general path asks
                    var unused = Exemplar.parseFrom(in.readBytes());
                    exemplars++;
                } else if (tag == HISTOGRAMS_TAG || !in.skipField(tag)) {
                    return false;
                }
            }
            if (nameLength == 0 || !judgeName(nameOffset, nameLength) || labelCount > limits.maxLabelsPerSeries()) {
                return false;
            }
            seriesHash = nameHash;
            for (int i = 0; i < labelCount; i++) {
                if (!judgeLabel(i)) {
                    return false;
                }
            }
            long hash = seriesHash;
            int shard = SeriesKey.shardOfHash(hash);
            for (int i = 0; i < sampleCount; i++) {
                if (!oneSample(nameOffset, nameLength, hash, shard, values[i], timestamps[i])) {
                    return false;
                }
            }
            return true;
        }

        /**
         * A label into {@link #label}: name offset and length, value offset and length in {@code body}. Whether its bytes
         * are ASCII is left to the judging (once per distinct name, in the hashing pass for values).
         */
        private boolean readLabel(CodedInputStream in) throws IOException {
            int length = in.readRawVarint32();
            if (plainLabel(in.getTotalBytesRead(), length)) {
                in.skipRawBytes(length);
                return true;
            }
            label[0] = 0;
            label[1] = 0;
            label[2] = 0;
            label[3] = 0;
            int limit = in.pushLimit(length);
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (tag == LABEL_TAG || tag == LABEL_VALUE_TAG) {
                    int at = tag == LABEL_TAG ? 0 : 2;
                    label[at + 1] = in.readRawVarint32();
                    label[at] = in.getTotalBytesRead();
                    in.skipRawBytes(label[at + 1]);
                } else if (!in.skipField(tag)) {
                    return false;
                }
            }
            in.popLimit(limit);
            return true;
        }

        /**
         * A label laid out as every protobuf encoder writes it (name, then value, each with a one-byte length, empty ones
         * left out) read straight from {@code body}, without the stream's limits; false for any other layout, which
         * {@link #readLabel} then reads field by field.
         */
        private boolean plainLabel(int at, int length) {
            int end = at + length;
            if (length < 0 || end > body.length) {
                return false;
            }
            int p = at;
            int nameLength = 0;
            int valueLength = 0;
            if (p + 1 < end && body[p] == LABEL_TAG && body[p + 1] >= 0) {
                nameLength = body[p + 1];
                p += 2 + nameLength;
            }
            int valueAt = p + 2;
            if (p + 1 < end && body[p] == LABEL_VALUE_TAG && body[p + 1] >= 0) {
                valueLength = body[p + 1];
                p += 2 + valueLength;
            }
            if (p != end) {
                return false;
            }
            label[0] = nameLength == 0 ? 0 : at + 2;
            label[1] = nameLength;
            label[2] = valueLength == 0 ? 0 : valueAt;
            label[3] = valueLength;
            return true;
        }

        private boolean readSample(CodedInputStream in, int i) throws IOException {
            int length = in.readRawVarint32();
            if (plainSample(in.getTotalBytesRead(), length, i)) {
                in.skipRawBytes(length);
                return true;
            }
            int limit = in.pushLimit(length);
            double value = 0;
            long timestamp = 0;
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (tag == SAMPLE_VALUE_TAG) {
                    value = in.readDouble();
                } else if (tag == SAMPLE_TIMESTAMP_TAG) {
                    timestamp = in.readInt64();
                } else if (!in.skipField(tag)) {
                    return false;
                }
            }
            in.popLimit(limit);
            values[i] = value;
            timestamps[i] = timestamp;
            return true;
        }

        /**
         * A sample laid out as every protobuf encoder writes it (value, then timestamp, zeros left out) read straight from
         * {@code body} into sample {@code i}; false for any other layout, which {@link #readSample} then reads field by
         * field.
         */
        private boolean plainSample(int at, int length, int i) {
            int end = at + length;
            if (length < 0 || end > body.length) {
                return false;
            }
            int p = at;
            long valueBits = 0;
            if (p + 9 <= end && body[p] == SAMPLE_VALUE_TAG) {
                valueBits = (long) LITTLE_ENDIAN_LONG.get(body, p + 1);
                p += 9;
            }
            long timestamp = 0;
            if (p < end && body[p] == SAMPLE_TIMESTAMP_TAG) {
                p++;
                for (int shift = 0; ; shift += 7) {
                    if (p == end || shift > 63) {
                        return false;
                    }
                    byte b = body[p++];
                    timestamp |= (long) (b & 0x7F) << shift;
                    if (b >= 0) {
                        break;
                    }
                }
            }
            if (p != end) {
                return false;
            }
            values[i] = Double.longBitsToDouble(valueBits);
            timestamps[i] = timestamp;
            return true;
        }

        private void keepLabel() {
            if (4 * labelCount + 4 > labels.length) {
                labels = Arrays.copyOf(labels, 2 * labels.length);
            }
            System.arraycopy(label, 0, labels, 4 * labelCount, 4);
            labelCount++;
        }

        /** The metric name by the validator's rules, its type and its part of the series hash; once per name. */
        private boolean judgeName(int offset, int length) {
            if (judgedNameOffset >= 0 && length == judgedNameLength && same(body, judgedNameOffset, offset, length)) {
                return true;
            }
            if (!ascii(offset, length)) {
                return false;
            }
            String name = new String(body, offset, length, StandardCharsets.US_ASCII);
            if (SampleValidator.validateName(name, limits) != null) {
                return false;
            }
            judgedNameOffset = offset;
            judgedNameLength = length;
            counter = PrometheusFamilies.isCumulative(name, typeOf);
            nameHash = SeriesKey.hashByte(SeriesKey.hashEscaped(tenantHash, body, offset, length), '|');
            return true;
        }

        /**
         * Kept label {@code i} by the validator's rules (sorted by unique name, a valid name, a value within limits, ASCII,
         * not a key), and {@link #seriesHash} continued over it; false where the general path must answer. The value is
         * looked at in one pass: its hash, whether it is ASCII and whether it has the '_' every key has.
         */
        private boolean judgeLabel(int i) {
            int nameOffset = labels[4 * i];
            int nameLength = labels[4 * i + 1];
            if (i > 0
                    && Arrays.compareUnsigned(
                                    body,
                                    labels[4 * i - 4],
                                    labels[4 * i - 4] + labels[4 * i - 3],
                                    body,
                                    nameOffset,
                                    nameOffset + nameLength)
                            >= 0) {
                return false;
            }
            int valueOffset = labels[4 * i + 2];
            int valueLength = labels[4 * i + 3];
            if (!judgeLabelName(i, nameOffset, nameLength) || valueLength > limits.maxLabelValueLength()) {
                return false;
            }
            long h = i > 0 ? SeriesKey.hashByte(seriesHash, ',') : seriesHash;
            h = SeriesKey.hashByte(SeriesKey.hashEscaped(h, body, nameOffset, nameLength), '=');
            int any = 0;
            boolean underscore = false;
            for (int b = valueOffset; b < valueOffset + valueLength; b++) {
                byte c = body[b];
                any |= c;
                underscore |= c == '_';
                h = SeriesKey.hashEscapedByte(h, c);
            }
            if (any < 0
                    || (underscore
                            && SampleValidator.looksLikeAKey(
                                    new String(body, valueOffset, valueLength, StandardCharsets.US_ASCII)))) {
                return false;
            }
            seriesHash = h;
            return true;
        }

        private boolean judgeLabelName(int position, int offset, int length) {
            if (position < judgedCount) {
                if (length == judgedNames[2 * position + 1] && same(body, judgedNames[2 * position], offset, length)) {
                    return true;
                }
            }
            if (!ascii(offset, length)) {
                return false;
            }
            String name = new String(body, offset, length, StandardCharsets.US_ASCII);
            if (length > limits.maxLabelNameLength()
                    || !SampleValidator.isLabelName(name)
                    || SampleValidator.TENANT_LABEL.equalsIgnoreCase(name)) {
                return false;
            }
            if (position >= judgedNames.length / 2) {
                judgedNames = Arrays.copyOf(judgedNames, 2 * judgedNames.length);
            }
            judgedNames[2 * position] = offset;
            judgedNames[2 * position + 1] = length;
            judgedCount = Math.max(judgedCount, position + 1);
            return true;
        }

        private boolean oneSample(int nameOffset, int nameLength, long hash, int shard, double value, long ts) {
            if (Double.doubleToRawLongBits(value) == RemoteWriteConverter.STALE_NAN_BITS) {
                stale++;
                return true;
            }
            if (!Double.isFinite(value) || (counter && value < 0) || ts < oldestMs || ts > newestMs) {
                return false;
            }
            if (seen != null && !seen.add(hash, WindowFold.windowOf(ts))) {
                return false;
            }
            if (++samples > maxSamples) {
                return false;
            }
            if (inChunk == maxPerRecord) {
                closeChunk();
            }
            inChunk++;
            SampleRecordBuilder b = shards[shard];
            if (!open[shard]) {
                b.start(tenantBytes);
                open[shard] = true;
                openShards[openCount++] = shard;
            }
            b.addSample(
                    body,
                    nameOffset,
                    nameLength,
                    labels,
                    labelCount,
                    counter ? MetricType.COUNTER_VALUE : MetricType.GAUGE_VALUE,
                    value,
                    ts,
                    counter ? Temporality.CUMULATIVE_VALUE : Temporality.DELTA_VALUE);
            return true;
        }

        /** One record per shard of the chunk, in order of the shards' first samples, as the general path cuts them. */
        private void closeChunk() {
            for (int i = 0; i < openCount; i++) {
                int shard = openShards[i];
                records.add(new RecordKeys.EncodedRecord(
                        RecordKeys.of(tenant, shard), shards[shard].finish(nowMs, source)));
                open[shard] = false;
            }
            openCount = 0;
            inChunk = 0;
        }

        private boolean equalsName(int offset, int length) {
            return length == NAME_LABEL.length && same(NAME_LABEL, 0, offset, length);
        }

        /**
         * Whether {@code a[from..]} holds the {@code length} bytes at {@code body[offset..]}: eight bytes at a time, as
         * names are short (an intrinsic's set-up costs more than it saves).
         */
        private boolean same(byte[] a, int from, int offset, int length) {
            int i = 0;
            for (; i + 8 <= length; i += 8) {
                if ((long) LITTLE_ENDIAN_LONG.get(a, from + i) != (long) LITTLE_ENDIAN_LONG.get(body, offset + i)) {
                    return false;
                }
            }
            for (; i < length; i++) {
                if (a[from + i] != body[offset + i]) {
                    return false;
                }
            }
            return true;
        }

        private boolean ascii(int offset, int length) {
            int any = 0;
            for (int i = offset; i < offset + length; i++) {
                any |= body[i]; // no branch per byte: the compiler vectorises it
            }
            return any >= 0;
        }
    }

    /**
     * The (series hash, window) pairs of a request, open addressing: a pair seen twice means samples the general path
     * would fold (or two series of one hash, which it tells apart): either way the request is declined.
     */
    private static final class SeriesWindows {
        // per slot, the hash then the window start + 1, side by side so that a probe reads one cache line; the window
        // is stored + 1 so that 0 (a new array's) is an empty slot: a window start is a multiple of 1000
        private long[] slots;
        private int size;

        SeriesWindows(int expected) {
            int capacity = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
            slots = new long[2 * capacity];
        }

        /** False when the pair was there already. */
        boolean add(long hash, long window) {
            return put(hash, window + 1);
        }

        private boolean put(long hash, long stored) {
            int capacity = slots.length / 2;
            if (2 * (size + 1) > capacity) {
                grow();
                capacity = slots.length / 2;
            }
            int mask = capacity - 1;
            for (int i = slot(hash, stored, mask); ; i = (i + 1) & mask) {
                if (slots[2 * i + 1] == 0) {
                    slots[2 * i] = hash;
                    slots[2 * i + 1] = stored;
                    size++;
                    return true;
                }
                if (slots[2 * i] == hash && slots[2 * i + 1] == stored) {
                    return false;
                }
            }
        }

        private static int slot(long hash, long window, int mask) {
            long h = hash ^ (window * 0x9E3779B97F4A7C15L);
            return (int) (h ^ (h >>> 29)) & mask;
        }

        private void grow() {
            long[] old = slots;
            slots = new long[2 * old.length];
            size = 0;
            for (int i = 0; i < old.length; i += 2) {
                if (old[i + 1] != 0) {
                    put(old[i], old[i + 1]);
                }
            }
        }
    }
}
