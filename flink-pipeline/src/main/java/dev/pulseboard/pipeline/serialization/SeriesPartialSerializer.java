package dev.pulseboard.pipeline.serialization;

import dev.pulseboard.contract.fold.QuantileSketch;
import dev.pulseboard.pipeline.aggregation.SeriesPartial;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * {@link SeriesPartial} on the wire between the pre-aggregator and the keyed aggregator, and in keyed state: the
 * series key, then the numbers, then the optional arrays. Written by hand because it is on the hottest network edge:
 * no reflection, no per-field null flags, identity only as the key. Live accumulators are written in their
 * serialised form without changing the partial.
 */
public final class SeriesPartialSerializer extends MutableValueSerializer<SeriesPartial> {
    private static final long serialVersionUID = 1L;
    public static final SeriesPartialSerializer INSTANCE = new SeriesPartialSerializer();
    private static final byte HAS_BUCKETS = 1;
    private static final byte HAS_SKETCH = 2;
    private static final byte HAS_MEMBERS = 4;
    private static final byte HAS_HLL = 8;
    private static final byte HAS_GAUGE_DELTA = 16;

    @Override
    public SeriesPartial createInstance() {
        return new SeriesPartial();
    }

    @Override
    public void serialize(SeriesPartial p, DataOutputView out) throws IOException {
        StringValue.writeString(p.seriesKey, out);
        out.writeByte(p.type);
        out.writeByte(p.temporality);
        out.writeLong(p.windowStart);
        out.writeLong(p.samples);
        out.writeLong(p.retimed);
        out.writeDouble(p.weight);
        out.writeDouble(p.sum);
        out.writeDouble(p.min);
        out.writeDouble(p.max);
        out.writeDouble(p.last);
        out.writeLong(p.lastTs);
        byte[] sketch = p.liveSketch != null ? QuantileSketch.toBytes(p.liveSketch) : p.sketch;
        String[] members = p.liveMembers != null ? p.liveMembers.members() : p.members;
        byte[] hll = p.liveMembers != null ? p.liveMembers.hll() : p.hll;
        int flags = (p.buckets != null ? HAS_BUCKETS : 0)
                | (sketch != null ? HAS_SKETCH : 0)
                | (members != null ? HAS_MEMBERS : 0)
                | (hll != null ? HAS_HLL : 0)
                | (p.gaugeDeltas != 0 ? HAS_GAUGE_DELTA : 0);
        out.writeByte(flags);
        if (p.buckets != null) {
            out.writeShort(p.buckets.length);
            for (double b : p.buckets) {
                out.writeDouble(b);
            }
        }
        if (sketch != null) {
            ImmutableValueSerializer.writeBytes(sketch, out);
        }
        if (members != null) {
            out.writeInt(members.length);
            for (String m : members) {
                StringValue.writeString(m, out);
            }
        }
        if (hll != null) {
            ImmutableValueSerializer.writeBytes(hll, out);
        }
        if (p.gaugeDeltas != 0) {
            out.writeDouble(p.gaugeDelta);
            out.writeLong(p.gaugeDeltas);
        }
    }

    @Override
    public SeriesPartial deserialize(DataInputView in) throws IOException {
        SeriesPartial p = new SeriesPartial();
        p.seriesKey = StringValue.readString(in);
        p.type = in.readByte();
        p.temporality = in.readByte();
        p.windowStart = in.readLong();
        p.samples = in.readLong();
        p.retimed = in.readLong();
        p.weight = in.readDouble();
        p.sum = in.readDouble();
        p.min = in.readDouble();
        p.max = in.readDouble();
        p.last = in.readDouble();
        p.lastTs = in.readLong();
        int flags = in.readByte();
        if ((flags & HAS_BUCKETS) != 0) {
            p.buckets = new double[in.readShort()];
            for (int i = 0; i < p.buckets.length; i++) {
                p.buckets[i] = in.readDouble();
            }
        }
        if ((flags & HAS_SKETCH) != 0) {
            p.sketch = ImmutableValueSerializer.readBytes(in);
        }
        if ((flags & HAS_MEMBERS) != 0) {
            p.members = new String[in.readInt()];
            for (int i = 0; i < p.members.length; i++) {
                p.members[i] = StringValue.readString(in);
            }
        }
        if ((flags & HAS_HLL) != 0) {
            p.hll = ImmutableValueSerializer.readBytes(in);
        }
        if ((flags & HAS_GAUGE_DELTA) != 0) {
            p.gaugeDelta = in.readDouble();
            p.gaugeDeltas = in.readLong();
        }
        return p;
    }

    @Override
    public TypeSerializerSnapshot<SeriesPartial> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot: the format has no parameters. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SeriesPartial> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Makes Flink use this serializer wherever the type appears ({@code @TypeInfo} on the class). */
    public static final class Factory extends TypeInfoFactory<SeriesPartial> {
        @Override
        public TypeInformation<SeriesPartial> createTypeInfo(Type t, Map<String, TypeInformation<?>> generics) {
            return new ValueTypeInfo<>(SeriesPartial.class, INSTANCE);
        }
    }
}
