package dev.pulseboard.pipeline.store.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.prometheus.TimeSeries;
import dev.pulseboard.contract.prometheus.WriteRequest;
import dev.pulseboard.contract.wire.v1.Aggregate;
import dev.pulseboard.contract.wire.v1.Bucket;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Quantile;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/** The store series of each type (docs/metrics.md), in remote-write form. */
class RemoteWriteCodecTest {

    private static Aggregate.Builder base(MetricType type, long start, long length) {
        return Aggregate.newBuilder()
                .setName("m")
                .setType(type)
                .addLabels(Label.newBuilder().setName("region").setValue("eu"))
                .addLabels(Label.newBuilder().setName("host").setValue("web-1")) // unsorted on purpose
                .setWindowStartMs(start)
                .setWindowEndMs(start + length);
    }

    /** "name{label=value,...}" -> value, labels in store order, tenant and host/region omitted. */
    private static Map<String, Double> series(Aggregate a) {
        Map<String, Double> out = new TreeMap<>();
        RemoteWriteCodec.series("acme", a, ts -> {
            StringBuilder key = new StringBuilder();
            StringBuilder extra = new StringBuilder();
            ts.getLabelsList().forEach(l -> {
                switch (l.getName()) {
                    case "__name__" -> key.append(l.getValue());
                    case "tenant", "host", "region" -> {}
                    default -> extra.append(l.getName()).append('=').append(l.getValue());
                }
            });
            out.put(
                    extra.length() == 0 ? key.toString() : key + "{" + extra + "}",
                    ts.getSamples(0).getValue());
        });
        return out;
    }

    @Test
    void aCounterIsItsRunningTotalUnderThePlainName() {
        Aggregate a = base(MetricType.COUNTER, 5_000, 1000)
                .setCount(3)
                .setSum(4)
                .setTotal(42)
                .build();
        assertThat(series(a)).containsExactly(Map.entry("m", 42.0));
        Aggregate rollup = base(MetricType.COUNTER, 0, 300_000).setTotal(42).build();
        assertThat(series(rollup)).containsExactly(Map.entry("m:5m", 42.0));
    }

    @Test
    void aGaugeIsItsLastValueWithMinAndMaxAndItsRollupAlsoTheAverage() {
        Aggregate a = base(MetricType.GAUGE, 5_000, 1000)
                .setCount(4)
                .setSum(85)
                .setMin(10)
                .setMax(30)
                .setLast(25)
                .build();
        assertThat(series(a))
                .containsExactly(Map.entry("m", 25.0), Map.entry("m:1s_max", 30.0), Map.entry("m:1s_min", 10.0));
        Aggregate rollup = base(MetricType.GAUGE, 0, 60_000)
                .setCount(4)
                .setSum(80)
                .setMin(10)
                .setMax(30)
                .setLast(25)
                .build();
        assertThat(series(rollup))
                .containsExactly(
                        Map.entry("m:1m", 25.0),
                        Map.entry("m:1m_avg", 20.0),
                        Map.entry("m:1m_max", 30.0),
                        Map.entry("m:1m_min", 10.0));
        assertThat(series(base(MetricType.GAUGE, 5_000, 1000).build()))
                .as("a window without samples")
                .isEmpty();
    }

    @Test
    void aHistogramIsPrometheusBucketsSumAndCountPlusTheWindowsQuantiles() {
        Aggregate a = base(MetricType.HISTOGRAM, 5_000, 1000)
                .setCount(2)
                .addBuckets(Bucket.newBuilder().setLe(0.005).setCount(1))
                .addBuckets(Bucket.newBuilder().setLe(2.5).setCount(2))
                .addBuckets(Bucket.newBuilder().setLe(Double.POSITIVE_INFINITY).setCount(3))
                .setTotalSum(4.2)
                .setTotalCount(3)
                .addQuantiles(Quantile.newBuilder().setQuantile(0.5).setValue(0.2))
                .addQuantiles(Quantile.newBuilder().setQuantile(0.99).setValue(1.9))
                .build();
        assertThat(series(a))
                .containsExactly(
                        Map.entry("m:1s_quantile{quantile=0.5}", 0.2),
                        Map.entry("m:1s_quantile{quantile=0.99}", 1.9),
                        Map.entry("m_bucket{le=+Inf}", 3.0),
                        Map.entry("m_bucket{le=0.005}", 1.0),
                        Map.entry("m_bucket{le=2.5}", 2.0),
                        Map.entry("m_count", 3.0),
                        Map.entry("m_sum", 4.2));
        Aggregate rollup = base(MetricType.TIMER, 0, 3_600_000)
                .addBuckets(Bucket.newBuilder().setLe(Double.POSITIVE_INFINITY).setCount(3))
                .setTotalSum(4.2)
                .setTotalCount(3)
                .build();
        assertThat(series(rollup)).containsOnlyKeys("m_bucket:1h{le=+Inf}", "m_count:1h", "m_sum:1h");
    }

    @Test
    void aSetIsItsDistinctCount() {
        assertThat(series(base(MetricType.SET, 5_000, 1000)
                        .setCount(9)
                        .setDistinct(4)
                        .build()))
                .containsExactly(Map.entry("m", 4.0));
    }

    @Test
    void labelsAreSortedWithTheTenantAndSamplesAreStampedAtTheWindowsLastMillisecond() throws Exception {
        WriteRequest request = RemoteWriteCodec.toWriteRequest(
                "acme",
                List.of(base(MetricType.COUNTER, 5_000, 1000).setTotal(1).build()));
        byte[] body = RemoteWriteCodec.encode(request);
        assertThat(Snappy.isValidCompressedBuffer(body)).isTrue();
        TimeSeries ts = RemoteWriteCodec.decode(body).getTimeseries(0);
        assertThat(ts.getLabelsList())
                .extracting(l -> l.getName() + "=" + l.getValue())
                .containsExactly("__name__=m", "host=web-1", "region=eu", "tenant=acme");
        assertThat(ts.getSamples(0).getTimestamp()).isEqualTo(5_999);
    }

    @Test
    void bucketBoundsAreSpelledAsPrometheusDoes() {
        assertThat(List.of(0.005, 1.0, 2.5, 10.0, Double.POSITIVE_INFINITY))
                .extracting(RemoteWriteCodec::formatLe)
                .containsExactly("0.005", "1", "2.5", "10", "+Inf");
    }
}
