package dev.pulseboard.pipeline.serialization;

import dev.pulseboard.contract.wire.v1.Aggregate;
import dev.pulseboard.pipeline.aggregation.TenantAggregate;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** {@link TenantAggregate} as tenant, shard and the aggregate's protobuf bytes. */
public final class TenantAggregateSerializer extends ImmutableValueSerializer<TenantAggregate> {
    private static final long serialVersionUID = 1L;
    public static final TenantAggregateSerializer INSTANCE = new TenantAggregateSerializer();

    @Override
    public TenantAggregate createInstance() {
        return new TenantAggregate("", 0, Aggregate.getDefaultInstance());
    }

    @Override
    public void serialize(TenantAggregate value, DataOutputView out) throws IOException {
        out.writeUTF(value.tenant());
        out.writeInt(value.shard());
        writeBytes(value.aggregate().toByteArray(), out);
    }

    @Override
    public TenantAggregate deserialize(DataInputView in) throws IOException {
        return new TenantAggregate(in.readUTF(), in.readInt(), Aggregate.parseFrom(readBytes(in)));
    }

    @Override
    public TypeSerializerSnapshot<TenantAggregate> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot: the format has no parameters. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<TenantAggregate> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Makes Flink use this serializer wherever the type appears ({@code @TypeInfo} on the record). */
    public static final class Factory extends TypeInfoFactory<TenantAggregate> {
        @Override
        public TypeInformation<TenantAggregate> createTypeInfo(Type t, Map<String, TypeInformation<?>> generics) {
            return new ValueTypeInfo<>(TenantAggregate.class, INSTANCE);
        }
    }
}
