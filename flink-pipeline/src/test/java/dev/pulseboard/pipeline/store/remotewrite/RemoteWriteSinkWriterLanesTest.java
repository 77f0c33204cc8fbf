package dev.pulseboard.pipeline.store.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.pulseboard.contract.prometheus.TimeSeries;
import dev.pulseboard.contract.wire.v1.Aggregate;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.pipeline.aggregation.TenantAggregate;
import dev.pulseboard.pipeline.testing.QueueMailbox;
import dev.pulseboard.pipeline.testing.RecordingMetricGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tenant's window of many series goes to the store as several requests at once, one per lane of its series, while
 * each series' samples still arrive in order (Prometheus refuses a sample older than the series' newest). A store
 * stand-in holds every request until the test lets it answer, and records what arrived in which order.
 */
class RemoteWriteSinkWriterLanesTest {
    private static final int LANES = 4;
    private static final long WINDOW = 1_700_000_000_000L;

    private final CountDownLatch storeAnswers = new CountDownLatch(1);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    /** Each request's series as name@timestamp, in the order the store took them. */
    private final List<String> arrived = new ArrayList<>();

    private HttpServer store;
    private final ExecutorService job = Executors.newSingleThreadExecutor();

    @BeforeEach
    void startStore() throws Exception {
        store = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        store.setExecutor(Executors.newCachedThreadPool());
        store.createContext("/api/v1/write", exchange -> {
            List<String> series = new ArrayList<>();
            for (TimeSeries ts : RemoteWriteCodec.decode(
                            exchange.getRequestBody().readAllBytes())
                    .getTimeseriesList()) {
                String name = ts.getLabelsList().stream()
                        .filter(l -> l.getName().equals(RemoteWriteCodec.NAME_LABEL))
                        .findFirst()
                        .orElseThrow()
                        .getValue();
                series.add(name + "@" + ts.getSamples(0).getTimestamp());
            }
            synchronized (arrived) {
                arrived.addAll(series);
            }
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                storeAnswers.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        store.start();
    }

    @AfterEach
    void stopStore() {
        storeAnswers.countDown();
        job.shutdownNow();
        store.stop(0);
    }

    private RemoteWriteSinkWriter writer(RecordingMetricGroup metrics) {
        RemoteWriteOptions o = new RemoteWriteOptions(
                "http://127.0.0.1:" + store.getAddress().getPort() + "/api/v1/write",
                3, // one gauge window = 3 store samples: every aggregate fills a request
                Duration.ZERO,
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                Duration.ofMillis(10),
                Duration.ofMillis(50),
                8,
                LANES,
                "");
        return new RemoteWriteSinkWriter(
                o, new RemoteWriteClient(o), new QueueMailbox(), null, metrics, WrittenThrough.NONE);
    }

    /** Series {@code s}, of shard {@code s}, over window {@code w}. */
    private static TenantAggregate gauge(int s, int w) {
        return new TenantAggregate(
                "acme",
                s,
                Aggregate.newBuilder()
                        .setName("lane_" + s)
                        .setType(MetricType.GAUGE)
                        .addLabels(Label.newBuilder().setName("host").setValue("web-1"))
                        .setWindowStartMs(WINDOW + 1000L * w)
                        .setWindowEndMs(WINDOW + 1000L * w + 1000)
                        .setCount(1)
                        .setSum(w)
                        .setMin(w)
                        .setMax(w)
                        .setLast(w)
                        .build());
    }

    @Test
    void aTenantsSeriesInDifferentLanesAreWrittenAtOnceAndEachSeriesInOrder() throws Exception {
        RecordingMetricGroup metrics = new RecordingMetricGroup();
        RemoteWriteSinkWriter w = writer(metrics);
        Future<?> writing = job.submit(() -> {
            for (int window = 0; window < 3; window++) {
                for (int s = 0; s < 2 * LANES; s++) { // two series per lane
                    w.write(gauge(s, window), null);
                }
            }
            w.flush(false);
            return null;
        });
        // one request per lane in flight, of one tenant, while the store holds them
        await().atMost(Duration.ofSeconds(20)).until(() -> inFlight.get() == LANES);

        storeAnswers.countDown();
        writing.get(60, TimeUnit.SECONDS);
        w.close();

        assertThat(mostInFlight.get())
                .as("requests of the tenant in flight at once")
                .isEqualTo(LANES);
        assertThat(metrics.count("tenant.acme.remoteWriteSamplesWritten")).isEqualTo(3L * 3 * 2 * LANES);
        Map<String, List<Long>> bySeries;
        synchronized (arrived) {
            bySeries = arrived.stream()
                    .collect(Collectors.groupingBy(
                            a -> a.substring(0, a.indexOf('@')),
                            TreeMap::new,
                            Collectors.mapping(
                                    a -> Long.parseLong(a.substring(a.indexOf('@') + 1)), Collectors.toList())));
        }
        assertThat(bySeries).hasSize(3 * 2 * LANES); // each gauge is three store series
        bySeries.forEach((series, times) -> assertThat(times)
                .as(series + "'s samples in the order the store took them")
                .hasSize(3)
                .isSorted()
                .doesNotHaveDuplicates());
    }
}
