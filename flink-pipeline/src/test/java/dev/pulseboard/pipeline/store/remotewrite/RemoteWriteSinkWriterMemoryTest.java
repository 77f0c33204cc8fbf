package dev.pulseboard.pipeline.store.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.pulseboard.contract.wire.v1.Aggregate;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.pipeline.aggregation.TenantAggregate;
import dev.pulseboard.pipeline.testing.QueueMailbox;
import dev.pulseboard.pipeline.testing.RecordingMetricGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The writer's memory is bounded across tenants, not only per tenant: after an outage every tenant is behind at once
 * (the job fires every second of the gap on one watermark), and 50 full requests per tenant of 10 tenants on two
 * subtasks held more than the pipeline's 768 MiB heap (`pulseboard up` after the stack had been down for 23 minutes
 * with 10 tenants' data died of OutOfMemoryError in the remote-write path, twice). A store that does not answer yet
 * stands for the one being caught up with.
 */
class RemoteWriteSinkWriterMemoryTest {
    private static final int TENANTS = 5;
    private static final int PER_TENANT = 30; // below the per-tenant bound of 50

    private static TenantAggregate gauge(String tenant, int i) {
        return new TenantAggregate(
                tenant,
                0,
                Aggregate.newBuilder()
                        .setName("catch_up_" + i)
                        .setType(MetricType.GAUGE)
                        .addLabels(Label.newBuilder().setName("host").setValue("web-1"))
                        .setWindowStartMs(1_700_000_000_000L)
                        .setWindowEndMs(1_700_000_001_000L)
                        .setCount(1)
                        .setSum(i)
                        .setMin(i)
                        .setMax(i)
                        .setLast(i)
                        .build());
    }

    @Test
    void allTenantsBehindAtOnceWaitForTheStoreAtTheTotalBound() throws Exception {
        CountDownLatch storeAnswers = new CountDownLatch(1);
        HttpServer store = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        store.setExecutor(Executors.newCachedThreadPool());
        store.createContext("/api/v1/write", exchange -> {
            try {
                storeAnswers.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        store.start();
        ExecutorService job = Executors.newSingleThreadExecutor();
        try {
            RemoteWriteOptions o = new RemoteWriteOptions(
                    "http://127.0.0.1:" + store.getAddress().getPort() + "/api/v1/write",
                    3, // one gauge window = 3 store samples: every aggregate fills a request
                    Duration.ZERO,
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(30),
                    Duration.ofMillis(10),
                    Duration.ofMillis(50),
                    4,
                    1,
                    "");
            RecordingMetricGroup metrics = new RecordingMetricGroup();
            RemoteWriteSinkWriter w = new RemoteWriteSinkWriter(
                    o, new RemoteWriteClient(o), new QueueMailbox(), null, metrics, WrittenThrough.NONE);
            AtomicInteger accepted = new AtomicInteger();
            Future<?> writing = job.submit(() -> {
                for (int i = 0; i < PER_TENANT; i++) {
                    for (int t = 0; t < TENANTS; t++) {
                        w.write(gauge("catch-up-" + t, i), null);
                        accepted.incrementAndGet();
                    }
                }
                w.flush(false);
                return null;
            });
            // the job waits once 50 full requests (beyond each tenant's newest) wait to be sent, 4 are in flight
            AtomicInteger lastSeen = new AtomicInteger(-1);
            await().pollInterval(Duration.ofMillis(300))
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> accepted.get() == lastSeen.getAndSet(accepted.get()) && accepted.get() > 0);
            int beforeTheStoreAnswers = accepted.get();
            assertThat(beforeTheStoreAnswers)
                    .as("aggregates accepted while the store does not answer")
                    .isGreaterThanOrEqualTo(RemoteWriteSinkWriter.MAX_PENDING_TOTAL)
                    .isLessThanOrEqualTo(MAX_ACCEPTED)
                    .isLessThan(TENANTS * PER_TENANT);
            assertThat(writing).isNotDone();

            storeAnswers.countDown();
            writing.get(60, TimeUnit.SECONDS);
            for (int t = 0; t < TENANTS; t++) {
                assertThat(metrics.count("tenant.catch-up-" + t + ".remoteWriteSamplesWritten"))
                        .isEqualTo(3L * PER_TENANT);
            }
            w.close();
        } finally {
            storeAnswers.countDown();
            job.shutdownNow();
            store.stop(0);
        }
    }

    /** The total bound, each tenant's newest request, the 4 in flight, and the one being written when it waits. */
    private static final int MAX_ACCEPTED = RemoteWriteSinkWriter.MAX_PENDING_TOTAL + TENANTS + 4 + 1;
}
