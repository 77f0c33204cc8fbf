package dev.pulseboard.pipeline.store.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.wire.v1.Aggregate;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.pipeline.store.remotewrite.proto.Sample;
import dev.pulseboard.pipeline.store.remotewrite.proto.TimeSeries;
import dev.pulseboard.pipeline.store.remotewrite.proto.WriteRequest;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

class RemoteWriteCodecTest {

    private static Aggregate cpu(long start, double count, double sum, double min, double max, double last) {
        return Aggregate.newBuilder()
                .setName("cpu_usage_percent")
                .setType(MetricType.GAUGE)
                .addLabels(Label.newBuilder().setName("region").setValue("eu"))
                .addLabels(Label.newBuilder().setName("host").setValue("web-1")) // unsorted on purpose
                .setWindowStartMs(start)
                .setWindowEndMs(start + 1000)
                .setCount((long) count)
                .setSum(sum)
                .setMin(min)
                .setMax(max)
                .setLast(last)
                .build();
    }

    private static Map<String, TimeSeries> byName(WriteRequest r) {
        return r.getTimeseriesList().stream()
                .collect(Collectors.toMap(ts -> ts.getLabels(0).getValue(), ts -> ts));
    }

    @Test
    void encodeThenDecodeGivesFiveSeriesWithSortedLabelsAndWindowStartTimestamps() throws Exception {
        WriteRequest request = RemoteWriteCodec.toWriteRequest("acme", List.of(cpu(5_000, 4, 85, 10, 30, 25)));
        byte[] body = RemoteWriteCodec.encode(request);

        // the body is snappy block format (not framed) around the protobuf
        assertThat(Snappy.isValidCompressedBuffer(body)).isTrue();
        WriteRequest decoded = WriteRequest.parseFrom(Snappy.uncompress(body));
        assertThat(decoded).isEqualTo(RemoteWriteCodec.decode(body)).isEqualTo(request);

        Map<String, TimeSeries> series = byName(decoded);
        assertThat(series)
                .containsOnlyKeys(
                        "cpu_usage_percent:1s_count",
                        "cpu_usage_percent:1s_sum",
                        "cpu_usage_percent:1s_min",
                        "cpu_usage_percent:1s_max",
                        "cpu_usage_percent:1s_last");
        Map<String, Double> values = series.entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey, e -> e.getValue().getSamples(0).getValue()));
        assertThat(values)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "cpu_usage_percent:1s_count",
                        4.0,
                        "cpu_usage_percent:1s_sum",
                        85.0,
                        "cpu_usage_percent:1s_min",
                        10.0,
                        "cpu_usage_percent:1s_max",
                        30.0,
                        "cpu_usage_percent:1s_last",
                        25.0));
        for (TimeSeries ts : decoded.getTimeseriesList()) {
            assertThat(ts.getLabelsList())
                    .extracting(l -> l.getName())
                    .containsExactly("__name__", "host", "region", "tenant");
            assertThat(ts.getLabels(3).getValue()).isEqualTo("acme");
            assertThat(ts.getSamplesList()).extracting(Sample::getTimestamp).containsExactly(5_000L);
        }
    }

    @Test
    void windowsOfOneSeriesShareATimeSeriesInTimestampOrder() throws Exception {
        WriteRequest r =
                RemoteWriteCodec.toWriteRequest("acme", List.of(cpu(7_000, 1, 3, 3, 3, 3), cpu(6_000, 2, 4, 1, 3, 1)));
        assertThat(r.getTimeseriesCount()).isEqualTo(5);
        assertThat(byName(r).get("cpu_usage_percent:1s_sum").getSamplesList())
                .extracting(Sample::getTimestamp, Sample::getValue)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(6_000L, 4.0),
                        org.assertj.core.groups.Tuple.tuple(7_000L, 3.0));
    }

    @Test
    void aClientTenantLabelNeverOverridesTheBatchTenant() {
        Aggregate spoofed = cpu(5_000, 1, 1, 1, 1, 1).toBuilder()
                .addLabels(Label.newBuilder().setName("tenant").setValue("victim"))
                .build();
        WriteRequest r = RemoteWriteCodec.toWriteRequest("acme", List.of(spoofed));
        for (TimeSeries ts : r.getTimeseriesList()) {
            assertThat(ts.getLabelsList())
                    .filteredOn(l -> l.getName().equals("tenant"))
                    .extracting(l -> l.getValue())
                    .containsExactly("acme");
        }
    }
}
