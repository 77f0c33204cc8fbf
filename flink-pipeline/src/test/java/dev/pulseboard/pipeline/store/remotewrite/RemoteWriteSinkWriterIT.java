package dev.pulseboard.pipeline.store.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.wire.v1.Aggregate;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.pipeline.aggregation.TenantAggregate;
import dev.pulseboard.pipeline.testing.QueueMailbox;
import dev.pulseboard.pipeline.testing.RecordingMetricGroup;
import dev.pulseboard.testing.prometheus.PrometheusQueries;
import dev.pulseboard.testing.prometheus.PrometheusServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sink writer against the real Prometheus binary: per-tenant requests, rejection isolation, replays accepted. */
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
        return writer(maxSamples, WrittenThrough.NONE);
    }

    private RemoteWriteSinkWriter writer(int maxSamples, WrittenThrough writtenThrough) {
        RemoteWriteOptions o = new RemoteWriteOptions(
                prometheus.remoteWriteUrl(),
                maxSamples,
                Duration.ZERO,
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                Duration.ofMillis(10),
                Duration.ofMillis(50),
                4,
                4,
                "");
        // flush interval 0: no timer is registered, so no ProcessingTimeService is needed
        return new RemoteWriteSinkWriter(
                o, new RemoteWriteClient(o), new QueueMailbox(), null, metrics, writtenThrough);
    }

    private static TenantAggregate gauge(String tenant, String name, long windowStart, double value) {
        return new TenantAggregate(
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
    void aRejectedTenantRequestIsDroppedAndCountedWithoutBlockingOtherTenants() throws Exception {
        long now = System.currentTimeMillis();
        long second = now - now % 1000;
        long threeHoursAgo = second - Duration.ofHours(3).toMillis();
        RemoteWriteSinkWriter w = writer(5000);
        w.write(gauge("good-one", "isolation_test", second, 1), null);
        w.flush(false); // the store's head is now at "second": samples 3 h older are refused

        w.write(gauge("bad-one", "isolation_test", threeHoursAgo, 2), null);
        w.write(gauge("good-two", "isolation_test", second, 3), null);
        w.flush(false);

        assertThat(metrics.count("tenant.bad-one.reason.err-pb-remote-write-rejected.remoteWriteSamplesDropped"))
                .isEqualTo(3);
        assertThat(metrics.count("tenant.good-one.remoteWriteSamplesWritten")).isEqualTo(3);
        assertThat(metrics.count("tenant.good-two.remoteWriteSamplesWritten")).isEqualTo(3);
        PrometheusQueries prom = new PrometheusQueries(prometheus.url());
        assertThat(prom.valuesByName("{__name__=~\"isolation_test.*\",tenant=\"good-two\"}", second + 999))
                .hasSize(3)
                .containsEntry("isolation_test", 3.0)
                .containsEntry("isolation_test:1s_max", 3.0);
        assertThat(prom.query("{tenant=\"bad-one\"}", threeHoursAgo + 999)).isEmpty();
        w.close();
    }

    /** What a writer reported as written through, in order. */
    private static final class Reported implements WrittenThrough {
        final List<Long> times = new ArrayList<>();

        @Override
        public void advanced(long writtenThroughMs) {
            times.add(writtenThroughMs);
        }

        @Override
        public void close() {}
    }

    @Test
    void aWatermarkIsWrittenThroughOnlyOnceEveryRequestBeforeItIsAnswered() throws Exception {
        long now = System.currentTimeMillis();
        long second = now - now % 1000;
        Reported reported = new Reported();
        RemoteWriteSinkWriter w = writer(5000, reported);
        w.writeWatermark(new Watermark(second - 5000));
        assertThat(reported.times).as("nothing was waiting").containsExactly(second - 5000);

        w.write(gauge("through-a", "through_test", second - 1000, 1), null);
        w.writeWatermark(new Watermark(second - 1));
        // sent on the watermark; its answer waits in the mailbox, which only the flush below runs
        w.write(gauge("through-b", "through_test", second, 2), null);
        w.writeWatermark(new Watermark(second + 999));
        assertThat(reported.times)
                .as("the requests before both watermarks are not answered yet")
                .containsExactly(second - 5000);

        w.flush(false);
        // the two answers may be taken from the mailbox together (one report) or one by one (second - 1 first)
        assertThat(reported.times)
                .as("in order, each watermark once, ending with the last")
                .isSorted()
                .doesNotHaveDuplicates()
                .isSubsetOf(second - 5000, second - 1, second + 999)
                .startsWith(second - 5000)
                .endsWith(second + 999);
        PrometheusQueries prom = new PrometheusQueries(prometheus.url());
        assertThat(prom.single("through_test{tenant=\"through-b\"}", second + 999))
                .as("what was reported written is in the store")
                .isEqualTo(2);
        w.close();
    }

    @Test
    void aFullTenantBufferIsSentWithoutWaitingForAWatermark() throws Exception {
        long now = System.currentTimeMillis();
        long second = now - now % 1000;
        RemoteWriteSinkWriter w = writer(6); // two gauge windows = 6 store samples
        w.write(gauge("size-a", "size_test", second, 1), null);
        w.write(gauge("size-b", "size_test", second, 1), null);
        w.write(gauge("size-a", "size_test_2", second, 2), null);
        w.write(gauge("size-a", "size_test_3", second, 2), null); // starts a second request: the first one goes
        assertThat(metrics.count("tenant.size-b.remoteWriteSamplesWritten")).isZero();
        w.flush(false);
        assertThat(metrics.count("tenant.size-a.remoteWriteSamplesWritten")).isEqualTo(9);
        assertThat(metrics.count("tenant.size-b.remoteWriteSamplesWritten")).isEqualTo(3);
        w.close();
    }

    @Test
    void aReplayOfAlreadyWrittenWindowsIsAcceptedUnchanged() throws Exception {
        long now = System.currentTimeMillis();
        long second = now - now % 1000;
        RemoteWriteSinkWriter w = writer(5000);
        for (int i = 5; i >= 0; i--) {
            w.write(gauge("replay", "replay_test", second - i * 1000L, i), null);
        }
        w.flush(false);
        // a restore from a checkpoint rewrites the windows after it: older than what the store already has
        for (int i = 3; i >= 0; i--) {
            w.write(gauge("replay", "replay_test", second - i * 1000L, i), null);
        }
        w.flush(false);
        assertThat(metrics.count("tenant.replay.reason.err-pb-remote-write-rejected.remoteWriteSamplesDropped"))
                .isZero();
        assertThat(metrics.count("tenant.replay.remoteWriteSamplesWritten")).isEqualTo(30);
        PrometheusQueries prom = new PrometheusQueries(prometheus.url());
        assertThat(prom.single("count_over_time(replay_test{tenant=\"replay\"}[10s])", second + 999))
                .as("one sample per window, however often written")
                .isEqualTo(6);
        w.close();
    }
}
