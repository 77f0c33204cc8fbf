package dev.pulseboard.contract.wire;

import com.google.protobuf.CodedOutputStream;
import java.util.Arrays;

/**
 * Builds one metrics-raw record value, {@link WireCodec} frame v1 + {@code SampleBatch}, sample by sample from the
 * bytes of names and labels, without a {@code Sample} object per sample: for a decoder that holds a request's strings
 * as UTF-8 bytes (remote-write's). The bytes are those {@code WireCodec.encode} makes of the same {@code SampleBatch}
 * (fields in number order, proto3 defaults left out), so a reader cannot tell the two apart; {@code
 * SampleRecordBuilderTest} holds them equal.
 *
 * <p>Only the fields remote-write fills: a sample's name, type, labels, value, timestamp and temporality. Not
 * thread-safe; {@link #start} begins each record, so one builder serves many (a thread may keep its own).
 */
public final class SampleRecordBuilder {
    private static final int LEN = 2;
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;

    private static final int INITIAL_BYTES = 4096;
    /** A buffer grown beyond this by one large record is not kept for the next. */
    private static final int KEPT_BYTES = 1 << 16;

    private byte[] buf = new byte[INITIAL_BYTES];
    private int pos;

    /** Begins a record of {@code tenantUtf8}'s (UTF-8): the frame and the tenant only, so far. */
    public void start(byte[] tenantUtf8) {
        if (buf.length > KEPT_BYTES) {
            buf = new byte[INITIAL_BYTES];
        }
        pos = 0;
        buf[pos++] = WireCodec.MAGIC;
        buf[pos++] = WireCodec.CURRENT_VERSION;
        if (tenantUtf8.length > 0) {
            ensure(tenantUtf8.length + 10);
            writeBytesField(1, tenantUtf8, 0, tenantUtf8.length);
        }
    }

    /**
     * Adds one sample. Its name and labels are slices of {@code src}: {@code labels} holds, per label, the offset and
     * length of its name, then of its value ({@code labelCount} labels, in the order they are stored: sorted by
     * name). Empty strings are left out as protobuf leaves them out.
     *
     * @param type a {@code MetricType} number
     * @param temporality a {@code Temporality} number
     */
    public void addSample(
            byte[] src,
            int nameOffset,
            int nameLength,
            int[] labels,
            int labelCount,
            int type,
            double value,
            long timestampMs,
            int temporality) {
        int size = stringFieldSize(nameLength) + varintFieldSize(type);
        for (int i = 0; i < labelCount; i++) {
            int labelSize = labelSize(labels, i);
            size += 1 + CodedOutputStream.computeUInt32SizeNoTag(labelSize) + labelSize;
        }
        long valueBits = Double.doubleToRawLongBits(value);
        size += valueBits != 0 ? 9 : 0;
        size += timestampMs != 0 ? 1 + CodedOutputStream.computeUInt64SizeNoTag(timestampMs) : 0;
        size += varintFieldSize(temporality);

        ensure(1 + 5 + size);
        writeTag(2, LEN);
        writeVarint(size);
        if (nameLength > 0) {
            writeBytesField(1, src, nameOffset, nameLength);
        }
        if (type != 0) {
            writeTag(2, VARINT);
            writeVarint(type);
        }
        for (int i = 0; i < labelCount; i++) {
            writeTag(3, LEN);
            writeVarint(labelSize(labels, i));
            if (labels[4 * i + 1] > 0) {
                writeBytesField(1, src, labels[4 * i], labels[4 * i + 1]);
            }
            if (labels[4 * i + 3] > 0) {
                writeBytesField(2, src, labels[4 * i + 2], labels[4 * i + 3]);
            }
        }
        if (valueBits != 0) {
            writeTag(4, FIXED64);
            for (int b = 0; b < 8; b++) {
                buf[pos++] = (byte) (valueBits >>> (8 * b));
            }
        }
        if (timestampMs != 0) {
            writeTag(5, VARINT);
            writeVarint(timestampMs);
        }
        if (temporality != 0) {
            writeTag(8, VARINT);
            writeVarint(temporality);
        }
    }

    /** The record value: what was added, then the batch's receive time and source. */
    public byte[] finish(long receivedAtMs, byte[] sourceUtf8) {
        ensure(2 * 11 + sourceUtf8.length);
        if (receivedAtMs != 0) {
            writeTag(3, VARINT);
            writeVarint(receivedAtMs);
        }
        if (sourceUtf8.length > 0) {
            writeBytesField(4, sourceUtf8, 0, sourceUtf8.length);
        }
        return Arrays.copyOf(buf, pos);
    }

    private static int labelSize(int[] labels, int i) {
        return stringFieldSize(labels[4 * i + 1]) + stringFieldSize(labels[4 * i + 3]);
    }

    private static int stringFieldSize(int length) {
        return length == 0 ? 0 : 1 + CodedOutputStream.computeUInt32SizeNoTag(length) + length;
    }

    private static int varintFieldSize(int value) {
        return value == 0 ? 0 : 1 + CodedOutputStream.computeUInt32SizeNoTag(value);
    }

    private void writeBytesField(int field, byte[] src, int offset, int length) {
        writeTag(field, LEN);
        writeVarint(length);
        System.arraycopy(src, offset, buf, pos, length);
        pos += length;
    }

    private void writeTag(int field, int wireType) {
        buf[pos++] = (byte) ((field << 3) | wireType); // every field here is below 16: a one-byte tag
    }

    private void writeVarint(long value) {
        if ((value & ~0x7FL) == 0) {
            buf[pos++] = (byte) value;
            return;
        }
        while ((value & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buf[pos++] = (byte) value;
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }
}
