package dev.pulseboard.contract.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.contract.wire.v1.SampleBatch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireCodecTest {
    private static Sample sample(String name, String instance) {
        return Sample.newBuilder()
                .setName(name)
                .setType(MetricType.GAUGE)
                .setValue(1.5)
                .setTimestampMs(1000)
                .addLabels(Label.newBuilder().setName("instance").setValue(instance))
                .build();
    }

    @Test
    void roundTripsABatch() {
        SampleBatch batch = SampleBatch.newBuilder()
                .setTenant("acme")
                .setSource("http-json")
                .addSamples(sample("cpu_usage_percent", "i-1"))
                .build();
        byte[] bytes = WireCodec.encode(batch);
        assertThat(bytes[0]).isEqualTo(WireCodec.MAGIC);
        assertThat(bytes[1]).isEqualTo(WireCodec.CURRENT_VERSION);
        WireCodec.Decoded<SampleBatch> decoded = WireCodec.decode(bytes, SampleBatch.parser());
        assertThat(decoded.isOk()).isTrue();
        assertThat(decoded.message()).isEqualTo(batch);
    }

    @Test
    void refusesUnknownVersionTruncatedForeignAndMalformedRecords() {
        byte[] good =
                WireCodec.encode(SampleBatch.newBuilder().setTenant("acme").build());
        byte[] future = good.clone();
        future[1] = 2;
        assertThat(WireCodec.decode(future, SampleBatch.parser()).error())
                .isEqualTo(WireCodec.DecodeError.UNKNOWN_VERSION);
        assertThat(WireCodec.decode(new byte[] {WireCodec.MAGIC}, SampleBatch.parser())
                        .error())
                .isEqualTo(WireCodec.DecodeError.TRUNCATED);
        assertThat(WireCodec.decode("{\"json\":1}".getBytes(StandardCharsets.UTF_8), SampleBatch.parser())
                        .error())
                .isEqualTo(WireCodec.DecodeError.NOT_PULSEBOARD);
        byte[] garbage = {WireCodec.MAGIC, WireCodec.CURRENT_VERSION, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThat(WireCodec.decode(garbage, SampleBatch.parser()).error()).isEqualTo(WireCodec.DecodeError.MALFORMED);
    }

    @Test
    void aSeriesAlwaysGetsTheSameRecordKeyWhateverTravelsWithIt() {
        Sample a = sample("cpu_usage_percent", "i-1");
        List<RecordKeys.KeyedBatch> alone = RecordKeys.batchByShard("acme", List.of(a), "t", 0);
        List<RecordKeys.KeyedBatch> mixed = RecordKeys.batchByShard(
                "acme", List.of(sample("x", "1"), sample("y", "2"), a, sample("z", "3")), "t", 0);
        byte[] keyAlone = alone.get(0).key();
        assertThat(mixed).anySatisfy(kb -> {
            assertThat(kb.key()).isEqualTo(keyAlone);
            assertThat(kb.batch().getSamplesList()).contains(a);
        });
        assertThat(mixed.stream().mapToInt(kb -> kb.batch().getSamplesCount()).sum())
                .isEqualTo(4);
        assertThat(new String(keyAlone, StandardCharsets.UTF_8)).startsWith("acme/");
    }

    @Test
    void sameSeriesInAnotherTenantIsAnotherSeries() {
        Sample a = sample("cpu_usage_percent", "i-1");
        assertThat(SeriesKey.canonical("acme", a)).isNotEqualTo(SeriesKey.canonical("globex", a));
        assertThat(SeriesKey.canonical("acme", a)).isEqualTo("acme|cpu_usage_percent|instance=i-1");
    }
}
