package dev.pulseboard.pipeline.serialization;

import dev.pulseboard.contract.wire.v1.SampleBatch;
import dev.pulseboard.pipeline.ingest.RawBatch;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** {@link RawBatch} as its append time and the batch's protobuf bytes. */
public final class RawBatchSerializer extends ImmutableValueSerializer<RawBatch> {
    private static final long serialVersionUID = 1L;
    public static final RawBatchSerializer INSTANCE = new RawBatchSerializer();

    @Override
    public RawBatch createInstance() {
        return new RawBatch(SampleBatch.getDefaultInstance(), 0);
    }

    @Override
    public void serialize(RawBatch value, DataOutputView out) throws IOException {
        out.writeLong(value.appendTimeMs());
        writeBytes(value.batch().toByteArray(), out);
    }

    @Override
    public RawBatch deserialize(DataInputView in) throws IOException {
        long append = in.readLong();
        return new RawBatch(SampleBatch.parseFrom(readBytes(in)), append);
    }

    @Override
    public TypeSerializerSnapshot<RawBatch> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot: the format has no parameters. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<RawBatch> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Makes Flink use this serializer wherever the type appears ({@code @TypeInfo} on the record). */
    public static final class Factory extends TypeInfoFactory<RawBatch> {
        @Override
        public TypeInformation<RawBatch> createTypeInfo(Type t, Map<String, TypeInformation<?>> generics) {
            return new ValueTypeInfo<>(RawBatch.class, INSTANCE);
        }
    }
}
