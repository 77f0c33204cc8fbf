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
 * <p>Names and label names are checked with {@link SampleValidator}'s own rules, once per distinct name in the request.
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
            if (nameLength == 0 || !ascii(nameOffset, nameLength) || !judgeName(nameOffset, nameLength)) {
                return false;
            }
            if (labelCount > limits.maxLabelsPerSeries() || !judgeLabels()) {
                return false;
            }
            long hash = nameHash;
            for (int i = 0; i < labelCount; i++) {
                if (i > 0) {
                    hash = SeriesKey.hashByte(hash, ',');
                }
                hash = SeriesKey.hashEscaped(hash, body, labels[4 * i], labels[4 * i + 1]);
                hash = SeriesKey.hashByte(hash, '=');
                hash = SeriesKey.hashEscaped(hash, body, labels[4 * i + 2], labels[4 * i + 3]);
            }
            int shard = SeriesKey.shardOfHash(hash);
            for (int i = 0; i < sampleCount; i++) {
                if (!oneSample(nameOffset, nameLength, hash, shard, values[i], timestamps[i])) {
                    return false;
                }
            }
            return true;
        }

        /** A label into {@link #label}: name offset and length, value offset and length in {@code body}. */
        private boolean readLabel(CodedInputStream in) throws IOException {
            int length = in.readRawVarint32();
            int limit = in.pushLimit(length);
            label[0] = 0;
            label[1] = 0;
            label[2] = 0;
            label[3] = 0;
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
            return ascii(label[0], label[1]) && ascii(label[2], label[3]);
        }

        private boolean readSample(CodedInputStream in, int i) throws IOException {
            int limit = in.pushLimit(in.readRawVarint32());
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

        /** Every kept label by the validator's rules: sorted by unique name, valid names, values within limits. */
        private boolean judgeLabels() {
            for (int i = 0; i < labelCount; i++) {
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
                if (!judgeLabelName(i, nameOffset, nameLength)) {
                    return false;
                }
                int valueOffset = labels[4 * i + 2];
                int valueLength = labels[4 * i + 3];
                if (valueLength > limits.maxLabelValueLength()) {
                    return false;
                }
                if (contains(valueOffset, valueLength, (byte) '_')
                        && SampleValidator.looksLikeAKey(
                                new String(body, valueOffset, valueLength, StandardCharsets.US_ASCII))) {
                    return false;
                }
            }
            return true;
        }

        private boolean judgeLabelName(int position, int offset, int length) {
            if (position < judgedCount) {
                if (length == judgedNames[2 * position + 1] && same(body, judgedNames[2 * position], offset, length)) {
                    return true;
                }
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

        /** Whether {@code a[from..]} holds the {@code length} bytes at {@code body[offset..]} (short: no intrinsic). */
        private boolean same(byte[] a, int from, int offset, int length) {
            for (int i = 0; i < length; i++) {
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

        private boolean contains(int offset, int length, byte b) {
            for (int i = offset; i < offset + length; i++) {
                if (body[i] == b) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The (series hash, window) pairs of a request, open addressing: a pair seen twice means samples the general path
     * would fold (or two series of one hash, which it tells apart): either way the request is declined.
     */
    private static final class SeriesWindows {
        private long[] hashes;
        // window start + 1, so that 0 (a new array's) is an empty slot: a window start is a multiple of 1000
        private long[] windows;
        private int size;

        SeriesWindows(int expected) {
            int capacity = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
            hashes = new long[capacity];
            windows = new long[capacity];
        }

        /** False when the pair was there already. */
        boolean add(long hash, long window) {
            return put(hash, window + 1);
        }

        private boolean put(long hash, long stored) {
            if (2 * (size + 1) > windows.length) {
                grow();
            }
            int mask = windows.length - 1;
            for (int i = slot(hash, stored, mask); ; i = (i + 1) & mask) {
                if (windows[i] == 0) {
                    hashes[i] = hash;
                    windows[i] = stored;
                    size++;
                    return true;
                }
                if (hashes[i] == hash && windows[i] == stored) {
                    return false;
                }
            }
        }

        private static int slot(long hash, long window, int mask) {
            long h = hash ^ (window * 0x9E3779B97F4A7C15L);
            return (int) (h ^ (h >>> 29)) & mask;
        }

        private void grow() {
            long[] oldHashes = hashes;
            long[] oldWindows = windows;
            hashes = new long[2 * oldHashes.length];
            windows = new long[2 * oldWindows.length];
            size = 0;
            for (int i = 0; i < oldWindows.length; i++) {
                if (oldWindows[i] != 0) {
                    put(oldHashes[i], oldWindows[i]);
                }
            }
        }
    }
}
