package dev.pulseboard.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.validation.TenantLimits;
import dev.pulseboard.contract.wire.SeriesKey;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.contract.wire.v1.SampleBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Decode + validate as the Kafka source's deserializer runs it, with a fixed wall clock. */
class SampleBatchDecoderTest {
    private static final long NOW = 1_700_000_000_000L;
    private final SampleBatchDecoder decoder = new SampleBatchDecoder(TenantLimits.defaults(), () -> NOW);
    private final List<SampleEvent> output = new ArrayList<>();

    @BeforeEach
    void open() {
        decoder.open(new UnregisteredMetricsGroup());
    }

    private void process(byte[] record) {
        decoder.decode(record, NOW, new Collector<>() {
            @Override
            public void collect(SampleEvent record) {
                output.add(record);
            }

            @Override
            public void close() {}
        });
    }

    private static Sample.Builder cpu(double value, long ts) {
        return Sample.newBuilder()
                .setName("cpu_usage_percent")
                .setType(MetricType.GAUGE)
                .addLabels(Label.newBuilder().setName("host").setValue("web-1"))
                .setValue(value)
                .setTimestampMs(ts);
    }

    private void send(String tenant, Sample.Builder... samples) {
        SampleBatch.Builder b = SampleBatch.newBuilder().setTenant(tenant);
        for (Sample.Builder s : samples) {
            b.addSamples(s);
        }
        process(WireCodec.encode(b.build()));
    }

    @Test
    void badRecordsAreSkippedWithoutFailing() throws Exception {
        byte[] frame = WireCodec.encode(SampleBatch.newBuilder()
                .setTenant("acme")
                .addSamples(cpu(1, NOW))
                .build());
        byte[] unknownVersion = frame.clone();
        unknownVersion[1] = 9;
        byte[] malformed = {WireCodec.MAGIC, WireCodec.CURRENT_VERSION, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        for (byte[] bad : List.of(new byte[0], "garbage".getBytes(StandardCharsets.UTF_8), unknownVersion, malformed)) {
            process(bad);
        }
        send("", cpu(1, NOW)); // no tenant: cannot be attributed
        send("A_B", cpu(1, NOW)); // not a valid tenant id
        assertThat(output).isEmpty();
    }

    @Test
    void validSamplesBecomeEventsOfTheBatchTenant() throws Exception {
        send("acme", cpu(12.5, NOW - 100));
        List<SampleEvent> out = output;
        assertThat(out).hasSize(1);
        SampleEvent e = out.get(0);
        assertThat(e.tenant()).isEqualTo("acme");
        assertThat(e.seriesKey())
                .isEqualTo(SeriesKey.canonical("acme", cpu(12.5, NOW - 100).build()));
        assertThat(e.name()).isEqualTo("cpu_usage_percent");
        assertThat(e.labelNames()).containsExactly("host");
        assertThat(e.labelValues()).containsExactly("web-1");
        assertThat(e.value()).isEqualTo(12.5);
        assertThat(e.timestampMs()).isEqualTo(NOW - 100);
    }

    @Test
    void outOfBoundsTimestampsAndClientTenantLabelsNeverPassWhileTheRestOfTheBatchDoes() throws Exception {
        send(
                "acme",
                cpu(1, NOW + Duration.ofDays(1).toMillis()), // far future
                cpu(2, NOW - Duration.ofHours(2).toMillis()), // far past
                cpu(3, NOW).addLabels(Label.newBuilder().setName("tenant").setValue("victim")),
                cpu(4, NOW + Duration.ofSeconds(30).toMillis()), // within the future grace
                cpu(5, NOW));
        assertThat(output).extracting(SampleEvent::value).containsExactly(4.0, 5.0);
    }

    @Test
    void sampledCountersAreScaledAndSetsCountObservations() throws Exception {
        send(
                "acme",
                Sample.newBuilder()
                        .setName("hits")
                        .setType(MetricType.COUNTER)
                        .setValue(3)
                        .setSampleRate(0.25)
                        .setTimestampMs(NOW),
                Sample.newBuilder()
                        .setName("hits")
                        .setType(MetricType.COUNTER)
                        .setValue(3)
                        .setSampleRate(1)
                        .setTimestampMs(NOW),
                Sample.newBuilder()
                        .setName("latency")
                        .setType(MetricType.TIMER)
                        .setValue(3)
                        .setSampleRate(0.5)
                        .setTimestampMs(NOW),
                Sample.newBuilder()
                        .setName("users")
                        .setType(MetricType.SET)
                        .setSetMember("bob")
                        .setTimestampMs(NOW));
        assertThat(output).extracting(SampleEvent::value).containsExactly(12.0, 3.0, 3.0, 1.0);
    }
}
