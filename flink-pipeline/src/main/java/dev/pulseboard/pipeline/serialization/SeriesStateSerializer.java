package dev.pulseboard.pipeline.serialization;

import dev.pulseboard.pipeline.aggregation.RollupStats;
import dev.pulseboard.pipeline.aggregation.SeriesPartial;
import dev.pulseboard.pipeline.aggregation.SeriesState;
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
 * {@link SeriesState} in checkpoints: one per active series, so it is written by hand, compactly (a checkpoint of
 * 100,000 series must stay small and quick).
 */
public final class SeriesStateSerializer extends MutableValueSerializer<SeriesState> {
    private static final long serialVersionUID = 1L;
    public static final SeriesStateSerializer INSTANCE = new SeriesStateSerializer();

    @Override
    public SeriesState createInstance() {
        return new SeriesState();
    }

    @Override
    public void serialize(SeriesState s, DataOutputView out) throws IOException {
        out.writeByte(s.type);
        out.writeByte(s.temporality);
        out.writeLong(s.lastDataWindow);
        out.writeDouble(s.total);
        out.writeLong(s.totalTs);
        out.writeDouble(s.cumSum);
        out.writeDouble(s.cumCount);
        writeDoubles(s.cumBuckets, out);
        out.writeShort(s.pending.length);
        for (SeriesPartial p : s.pending) {
            SeriesPartialSerializer.INSTANCE.serialize(p, out);
        }
        int rollups = s.rollups == null ? -1 : s.rollups.length;
        out.writeByte(rollups);
        for (int i = 0; i < rollups; i++) {
            RollupStats r = s.rollups[i] == null ? null : s.rollups[i].settle();
            out.writeBoolean(r != null);
            if (r != null) {
                out.writeLong(r.count);
                out.writeDouble(r.sum);
                out.writeDouble(r.min);
                out.writeDouble(r.max);
                out.writeDouble(r.last);
                out.writeLong(r.lastTs);
                out.writeInt(r.members == null ? -1 : r.members.length);
                if (r.members != null) {
                    for (String m : r.members) {
                        StringValue.writeString(m, out);
                    }
                }
                out.writeBoolean(r.hll != null);
                if (r.hll != null) {
                    ImmutableValueSerializer.writeBytes(r.hll, out);
                }
            }
        }
    }

    @Override
    public SeriesState deserialize(DataInputView in) throws IOException {
        SeriesState s = new SeriesState();
        s.type = in.readByte();
        s.temporality = in.readByte();
        s.lastDataWindow = in.readLong();
        s.total = in.readDouble();
        s.totalTs = in.readLong();
        s.cumSum = in.readDouble();
        s.cumCount = in.readDouble();
        s.cumBuckets = readDoubles(in);
        int pending = in.readShort();
        s.pending = new SeriesPartial[pending];
        for (int i = 0; i < pending; i++) {
            s.pending[i] = SeriesPartialSerializer.INSTANCE.deserialize(in);
        }
        int rollups = in.readByte();
        if (rollups >= 0) {
            s.rollups = new RollupStats[rollups];
            for (int i = 0; i < rollups; i++) {
                if (in.readBoolean()) {
                    RollupStats r = new RollupStats();
                    r.count = in.readLong();
                    r.sum = in.readDouble();
                    r.min = in.readDouble();
                    r.max = in.readDouble();
                    r.last = in.readDouble();
                    r.lastTs = in.readLong();
                    int members = in.readInt();
                    if (members >= 0) {
                        r.members = new String[members];
                        for (int m = 0; m < members; m++) {
                            r.members[m] = StringValue.readString(in);
                        }
                    }
                    if (in.readBoolean()) {
                        r.hll = ImmutableValueSerializer.readBytes(in);
                    }
                    s.rollups[i] = r;
                }
            }
        }
        return s;
    }

    private static void writeDoubles(double[] values, DataOutputView out) throws IOException {
        out.writeShort(values == null ? -1 : values.length);
        if (values != null) {
            for (double v : values) {
                out.writeDouble(v);
            }
        }
    }

    private static double[] readDoubles(DataInputView in) throws IOException {
        int n = in.readShort();
        if (n < 0) {
            return null;
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }

    @Override
    public TypeSerializerSnapshot<SeriesState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot: the format has no parameters. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SeriesState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Makes Flink use this serializer wherever the type appears ({@code @TypeInfo} on the class). */
    public static final class Factory extends TypeInfoFactory<SeriesState> {
        @Override
        public TypeInformation<SeriesState> createTypeInfo(Type t, Map<String, TypeInformation<?>> generics) {
            return new ValueTypeInfo<>(SeriesState.class, INSTANCE);
        }
    }
}
