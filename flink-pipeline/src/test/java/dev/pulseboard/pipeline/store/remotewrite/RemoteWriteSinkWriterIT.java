package dev.pulseboard.pipeline.store.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.wire.v1.Aggregate;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.pipeline.aggregation.TenantAggregate;
import dev.pulseboard.pipeline.testing.RecordingMetricGroup;
import dev.pulseboard.testing.prometheus.PrometheusQueries;
import dev.pulseboard.testing.prometheus.PrometheusServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sink writer against the real Prometheus binary: per-tenant requests, 400 isolation, size-triggered sends. */
class RemoteWriteSinkWriterIT {
    private static PrometheusServer prometheus;
    private final RecordingMetricGroup metrics = new RecordingMetricGroup();

    @BeforeAll
    static void start() {
        prometheus = PrometheusServer.start();
    }

    @AfterAll
    static void stop() {
        prometheus.close();
    }

    private RemoteWriteSinkWriter writer(int maxSamples) {
        RemoteWriteOptions o = new RemoteWriteOptions(
                prometheus.remoteWriteUrl(),
                maxSamples,
                Duration.ZERO,
                Duration.ofSeconds(5),
                3,
                Duration.ofMillis(10),
                Duration.ofMillis(50),
                "");
        // flush interval 0: no timer is registered, so no ProcessingTimeService is needed
        return new RemoteWriteSinkWriter(o, new RemoteWriteClient(o), null, metrics);
    }

    private static TenantAggregate agg(String tenant, String name, long windowStart, double value) {
        return TenantAggregate.of(
                tenant,
                0,
                Aggregate.newBuilder()
                        .setName(name)
                        .setType(MetricType.GAUGE)
                        .addLabels(Label.newBuilder().setName("host").setValue("web-1"))
                        .setWindowStartMs(windowStart)
                        .setWindowEndMs(windowStart + 1000)
                        .setCount(1)
                        .setSum(value)
                        .setMin(value)
                        .setMax(value)
                        .setLast(value)
                        .build());
    }

    @Test
    void aRejectedTenantBatchIsDroppedAndCountedWithoutBlockingOtherTenants() throws Exception {
        long now = System.currentTimeMillis();
        long second = now - now % 1000;
        long twoHoursAgo = second - Duration.ofHours(2).toMillis();
        RemoteWriteSinkWriter w = writer(5000);
        w.write(agg("good-one", "isolation_test", second, 1), null);
        w.flush(false); // head of the TSDB is now at "second": 2 h old samples are out of bounds -> 400

        w.write(agg("bad-one", "isolation_test", twoHoursAgo, 2), null);
        w.write(agg("good-two", "isolation_test", second, 3), null);
        w.flush(false);

        assertThat(metrics.count("tenant.bad-one.reason.err-pb-remote-write-rejected.remoteWriteSamplesDropped"))
                .isEqualTo(5);
        assertThat(metrics.count("tenant.good-one.remoteWriteSamplesWritten")).isEqualTo(5);
        assertThat(metrics.count("tenant.good-two.remoteWriteSamplesWritten")).isEqualTo(5);
        PrometheusQueries prom = new PrometheusQueries(prometheus.url());
        assertThat(prom.valuesByName("{__name__=~\"isolation_test:1s_.*\",tenant=\"good-two\"}", second + 500))
                .hasSize(5)
                .containsEntry("isolation_test:1s_last", 3.0);
        assertThat(prom.query("{tenant=\"bad-one\"}", twoHoursAgo + 500)).isEmpty();
        w.close();
    }

    @Test
    void aFullTenantBufferIsSentWithoutWaitingForFlush() throws Exception {
        long now = System.currentTimeMillis();
        long second = now - now % 1000;
        RemoteWriteSinkWriter w = writer(10); // two aggregates = 10 samples
        w.write(agg("size-a", "size_test", second, 1), null);
        w.write(agg("size-b", "size_test", second, 1), null);
        assertThat(metrics.count("tenant.size-a.remoteWriteSamplesWritten")).isZero();
        w.write(agg("size-a", "size_test_2", second, 2), null);
        assertThat(metrics.count("tenant.size-a.remoteWriteSamplesWritten")).isEqualTo(10);
        assertThat(metrics.count("tenant.size-b.remoteWriteSamplesWritten")).isZero();
        w.flush(false);
        assertThat(metrics.count("tenant.size-b.remoteWriteSamplesWritten")).isEqualTo(5);
        w.close();
    }
}
