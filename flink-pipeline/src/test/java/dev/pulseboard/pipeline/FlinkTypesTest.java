package dev.pulseboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.pipeline.aggregation.TenantAggregate;
import dev.pulseboard.pipeline.aggregation.WindowStats;
import dev.pulseboard.pipeline.ingest.SampleEvent;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every type that crosses an operator boundary or sits in state is a Flink POJO: no silent Kryo fallback. */
class FlinkTypesTest {

    @ParameterizedTest
    @ValueSource(classes = {SampleEvent.class, WindowStats.class, TenantAggregate.class})
    void isSerialisedAsPojo(Class<?> type) {
        assertThat(TypeInformation.of(type)).isInstanceOf(PojoTypeInfo.class);
    }
}
