package dev.pulseboard.gateway.ingest.statsd;

import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.gateway.config.GatewayConfig;
import dev.pulseboard.gateway.ingest.EdgeWindowBuffer;
import dev.pulseboard.gateway.ingest.IngestMetrics;
import dev.pulseboard.gateway.ingest.IngestService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The StatsD/DogStatsD UDP socket and TCP listener ({@code pulseboard.gateway.statsd.*}, default 127.0.0.1:19125 for
 * both). One receive thread reads the UDP socket (a plain NIO channel into one reused 64 KiB buffer) and hands each
 * datagram's lines to the {@code statsd.workers} worker threads (default: one per core) through their bounded queues,
 * each line to the worker of its series ({@link StatsdSeriesRouter}), so one client's many series use every core and
 * each series' lines stay in order on one worker. A TCP connection's lines go to one worker, chosen by the client's
 * address and port. When a queue is full that worker's part of the packet is dropped and counted as
 * err-pb-statsd-overloaded (tenant "unknown", one per part); what the kernel drops from a
 * full socket buffer is counted as err-pb-statsd-kernel-dropped ({@link UdpDropCounter}). A packet that breaks
 * processing is logged without its content (it may carry a key) and the listener keeps running.
 *
 * <p>Each worker folds its accepted samples for one second before writing them ({@link EdgeWindowBuffer}, at most
 * {@code statsd.max-buffered-series} series-windows each); a timer asks the workers every 50 ms to flush a buffer
 * whose second has ended, and {@link #stop} flushes what is left.
 *
 * <p>Not Vert.x's datagram socket: given a receive buffer size it also reads every datagram into a buffer of that size
 * (Netty's FixedRecvByteBufAllocator), 4 MiB per packet here, which capped the gateway at about 100,000 lines/s
 * (docs/benchmarks.md). TCP connections are Vert.x's.
 */
@ApplicationScoped
public class StatsdListener {
    private static final Logger LOG = Logger.getLogger(StatsdListener.class);
    /** The largest UDP payload (IPv4: 65,535 - 8 - 20): no datagram is cut. */
    private static final int MAX_DATAGRAM = 65_507;
    /** How often the workers are asked to flush a buffer whose second has ended. */
    private static final long FLUSH_CHECK_MS = 50;

    private final Vertx vertx;
    private final StatsdPacketProcessor processor;
    private final IngestMetrics metrics;
    private final GatewayConfig.Statsd config;
    private final IngestService ingest;
    private ThreadPoolExecutor[] workers;
    /** Each worker's buffer (null entries when folding is off), touched only on that worker's thread. */
    private EdgeWindowBuffer[] buffers;

    private ScheduledExecutorService flushTimer;
    private DatagramChannel udp;
    private Thread receiver;
    private NetServer tcp;
    private UdpDropCounter kernelDrops;

    public StatsdListener(
            Vertx vertx,
            StatsdPacketProcessor processor,
            IngestService ingest,
            IngestMetrics metrics,
            GatewayConfig config) {
        this.vertx = vertx;
        this.ingest = ingest;
        this.processor = processor;
        this.metrics = metrics;
        this.config = config.statsd();
    }

    void start(@Observes StartupEvent event) throws Exception {
        if (!config.enabled()) {
            return;
        }
        int n = config.workers() > 0 ? config.workers() : Runtime.getRuntime().availableProcessors();
        workers = new ThreadPoolExecutor[n];
        buffers = new EdgeWindowBuffer[n];
        for (int i = 0; i < n; i++) {
            buffers[i] = ingest.newBuffer(config.maxBufferedSeries());
            String name = "statsd-worker-" + i;
            workers[i] = new ThreadPoolExecutor(
                    1,
                    1,
                    0,
                    TimeUnit.MILLISECONDS,
                    new ArrayBlockingQueue<>(Math.max(1, config.queueCapacity() / n)),
                    r -> new Thread(r, name));
        }
        flushTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "statsd-flush-timer");
            t.setDaemon(true);
            return t;
        });
        var unused = flushTimer.scheduleWithFixedDelay(
                this::flushDue, FLUSH_CHECK_MS, FLUSH_CHECK_MS, TimeUnit.MILLISECONDS);
        udp = DatagramChannel.open();
        if (config.receiveBuffer().asLongValue() > 0) {
            udp.setOption(StandardSocketOptions.SO_RCVBUF, (int)
                    config.receiveBuffer().asLongValue());
        }
        udp.bind(new InetSocketAddress(config.host(), config.port()));
        receiver = new Thread(this::receive, "statsd-udp-receiver");
        receiver.setDaemon(true);
        receiver.start();
        LOG.infof("StatsD listening on udp://%s:%d with %d workers", config.host(), localPort(), n);
        if (config.tcp()) {
            tcp = vertx.createNetServer(new NetServerOptions().setHost(config.host()))
                    .connectHandler(this::onConnection);
            tcp.listen(config.port(), config.host())
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            LOG.infof("StatsD listening on tcp://%s:%d", config.host(), tcpPort());
        }
        kernelDrops = UdpDropCounter.start(
                localPort(),
                config.kernelDropPollInterval(),
                dropped ->
                        metrics.discarded(IngestMetrics.UNKNOWN_TENANT, ErrorId.STATSD_KERNEL_DROPPED.id(), dropped));
    }

    private int workerFor(int hostHash, int port) {
        return Math.floorMod(31 * hostHash + port, workers.length);
    }

    /**
     * The timer's turn: asks every worker to flush a buffer whose second has ended, so a quiet sender's samples
     * leave too. A worker whose queue is full is skipped: its next packet flushes first.
     */
    private void flushDue() {
        for (int i = 0; i < workers.length; i++) {
            EdgeWindowBuffer buffer = buffers[i];
            if (buffer == null) {
                continue;
            }
            try {
                workers[i].execute(() -> buffer.flushIfDue(System.currentTimeMillis()));
            } catch (RejectedExecutionException e) {
                // full (its packets flush it) or shut down (stop() flushes it)
            }
        }
    }

    /** The receive thread: one datagram at a time into a reused buffer, until the channel is closed. */
    private void receive() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        while (udp.isOpen()) {
            buffer.clear();
            try {
                if (udp.receive(buffer) == null) {
                    continue; // nothing (a non-blocking channel only)
                }
            } catch (ClosedChannelException e) {
                return; // stopped
            } catch (IOException | RuntimeException e) {
                LOG.errorf(
                        "StatsD receive failed (%s); receiving on", e.getClass().getName());
                continue;
            }
            long receivedAtMs = System.currentTimeMillis();
            buffer.flip();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            String[] parts = StatsdSeriesRouter.split(new String(bytes, StandardCharsets.UTF_8), workers.length);
            for (int w = 0; w < parts.length; w++) {
                String text = parts[w];
                if (text == null) {
                    continue;
                }
                int worker = w;
                try {
                    workers[w].execute(() -> processSafely(text, receivedAtMs, worker, StatsdPacketProcessor.UDP));
                } catch (RejectedExecutionException e) {
                    metrics.discarded(IngestMetrics.UNKNOWN_TENANT, ErrorId.STATSD_OVERLOADED.id(), 1);
                }
            }
        }
    }

    /**
     * One TCP connection: newline-delimited lines, the same as UDP packets, the lines of each read handed to the
     * connection's worker. TCP has flow control, so nothing is dropped when the worker falls behind: the connection is
     * paused until its queue takes the lines. A line longer than {@code statsd.max-tcp-line-length} closes the
     * connection (counted as err-pb-statsd-line-malformed).
     */
    private void onConnection(NetSocket socket) {
        int worker = workerFor(
                socket.remoteAddress().host().hashCode(), socket.remoteAddress().port());
        StatsdTcpLines lines =
                new StatsdTcpLines((int) config.maxTcpLineLength().asLongValue());
        socket.handler(buffer -> {
            String complete = lines.append(buffer);
            if (complete == null && lines.overflowed()) {
                metrics.discarded(IngestMetrics.UNKNOWN_TENANT, ErrorId.STATSD_LINE_MALFORMED.id(), 1);
                socket.close();
            } else if (complete != null) {
                submitTcp(socket, worker, complete, System.currentTimeMillis());
            }
        });
        socket.endHandler(v -> {
            String rest = lines.rest();
            if (!rest.isBlank()) {
                submitTcp(socket, worker, rest, System.currentTimeMillis());
            }
        });
    }

    private void submitTcp(NetSocket socket, int worker, String text, long receivedAtMs) {
        try {
            workers[worker].execute(() -> processSafely(text, receivedAtMs, worker, StatsdPacketProcessor.TCP));
            socket.resume();
        } catch (RejectedExecutionException e) {
            socket.pause();
            vertx.setTimer(5, id -> submitTcp(socket, worker, text, receivedAtMs));
        }
    }

    private void processSafely(String text, long receivedAtMs, int worker, String protocol) {
        try {
            processor.process(text, receivedAtMs, workers[worker], protocol, buffers[worker]);
        } catch (RuntimeException e) {
            LOG.errorf("StatsD packet dropped by an unexpected %s", e.getClass().getName());
        }
    }

    /** The bound UDP port (differs from the configured one when that is 0), or -1 when disabled. */
    public int localPort() {
        try {
            return udp == null ? -1 : ((InetSocketAddress) udp.getLocalAddress()).getPort();
        } catch (IOException e) {
            return -1; // closed
        }
    }

    /** The bound TCP port (an ephemeral one of its own when the configured port is 0), or -1 when disabled. */
    public int tcpPort() {
        return tcp == null ? -1 : tcp.actualPort();
    }

    /** Stop receiving first, then let the workers drain what is queued (bounded), before the producer closes. */
    void stop(@Observes ShutdownEvent event) throws Exception {
        if (kernelDrops != null) {
            kernelDrops.close(); // while the socket, and so its drop count, still exists
        }
        if (udp != null) {
            udp.close(); // the receive thread's receive() fails with a ClosedChannelException and it ends
            receiver.join(TimeUnit.SECONDS.toMillis(5));
        }
        if (tcp != null) {
            tcp.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        if (flushTimer != null) {
            flushTimer.shutdownNow();
        }
        if (workers != null) {
            for (ThreadPoolExecutor w : workers) {
                w.shutdown();
            }
            for (int i = 0; i < workers.length; i++) {
                // once a worker has ended, its buffer is this thread's to flush (the producer closes after this)
                if (workers[i].awaitTermination(5, TimeUnit.SECONDS) && buffers[i] != null) {
                    buffers[i].flush();
                } else if (buffers[i] != null) {
                    LOG.errorf(
                            "StatsD worker %d did not finish in 5 s; its buffer of %d series-windows is not written",
                            i, buffers[i].seriesWindows());
                }
            }
        }
    }
}
