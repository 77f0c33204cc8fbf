package dev.pulseboard.gateway.ingest.statsd;

import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.gateway.config.GatewayConfig;
import dev.pulseboard.gateway.ingest.IngestMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The StatsD/DogStatsD UDP socket ({@code pulseboard.gateway.statsd.*}, default 127.0.0.1:19125). The Vert.x event
 * loop only decodes the datagram and hands it to one worker thread through a bounded queue; when the queue is full
 * the packet is dropped and counted as err-pb-statsd-overloaded (tenant "unknown", one per packet). A packet that
 * breaks processing is logged without its content (it may carry a key) and the listener keeps running.
 */
@ApplicationScoped
public class StatsdListener {
    private static final Logger LOG = Logger.getLogger(StatsdListener.class);

    private final Vertx vertx;
    private final StatsdPacketProcessor processor;
    private final IngestMetrics metrics;
    private final GatewayConfig.Statsd config;
    private ThreadPoolExecutor worker;
    private DatagramSocket socket;

    public StatsdListener(Vertx vertx, StatsdPacketProcessor processor, IngestMetrics metrics, GatewayConfig config) {
        this.vertx = vertx;
        this.processor = processor;
        this.metrics = metrics;
        this.config = config.statsd();
    }

    void start(@Observes StartupEvent event) throws Exception {
        if (!config.enabled()) {
            return;
        }
        worker = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(config.queueCapacity()),
                r -> new Thread(r, "statsd-worker"));
        DatagramSocketOptions options = new DatagramSocketOptions();
        if (config.receiveBuffer().asLongValue() > 0) {
            options.setReceiveBufferSize((int) config.receiveBuffer().asLongValue());
        }
        socket = vertx.createDatagramSocket(options).handler(this::onPacket);
        socket.listen(config.port(), config.host())
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        LOG.infof("StatsD listening on udp://%s:%d", config.host(), localPort());
    }

    private void onPacket(DatagramPacket packet) {
        long receivedAtMs = System.currentTimeMillis();
        String text = packet.data().toString(StandardCharsets.UTF_8);
        try {
            worker.execute(() -> processSafely(text, receivedAtMs));
        } catch (RejectedExecutionException e) {
            metrics.discarded(IngestMetrics.UNKNOWN_TENANT, ErrorId.STATSD_OVERLOADED.id(), 1);
        }
    }

    private void processSafely(String text, long receivedAtMs) {
        try {
            processor.process(text, receivedAtMs);
        } catch (RuntimeException e) {
            LOG.errorf("StatsD packet dropped by an unexpected %s", e.getClass().getName());
        }
    }

    /** The bound UDP port (differs from the configured one when that is 0), or -1 when disabled. */
    public int localPort() {
        return socket == null ? -1 : socket.localAddress().port();
    }

    /** Stop receiving first, then let the worker drain what is queued (bounded), before the producer closes. */
    void stop(@Observes ShutdownEvent event) throws Exception {
        if (socket != null) {
            socket.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        if (worker != null) {
            worker.shutdown();
            worker.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
