package dev.pulseboard.gateway.ingest;

import dev.pulseboard.contract.fold.WindowFold;
import dev.pulseboard.contract.limits.HistogramBuckets;
import dev.pulseboard.contract.wire.EdgeFold;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.gateway.ingest.kafka.MetricsRawWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Folds the accepted samples of requests that have no acknowledgement (StatsD packets, over UDP or TCP) across
 * requests, for one second of receive time (ADR 005): a series sent twenty times a second in twenty packets reaches
 * metrics-raw as one {@code SeriesWindow}, not twenty samples. This is statsd's and Veneur's flush interval, here 1 s
 * and aligned to the pipeline's windows, so that the job's work grows with series, not samples.
 *
 * <p>Flushed when the 1 s window of its first sample's receive time has ended (checked on every add and by the
 * listener's timer, {@link #flushIfDue}), as soon as it holds {@code maxSeriesWindows} series-windows (a memory bound),
 * and at shutdown. Samples are counted as received once Kafka acknowledged them, as on every path. What it holds is at
 * most about one second of StatsD samples that no client was told were stored (StatsD has no acknowledgement), as
 * statsd holds its flush interval: a gateway killed with {@code kill -9} loses them uncounted.
 *
 * <p>One buffer per StatsD worker thread: not thread-safe.
 */
public final class EdgeWindowBuffer {
    private final MetricsRawWriter writer;
    private final IngestMetrics metrics;
    private final int maxSeriesWindows;
    private final Map<Source, EdgeFold> folds = new HashMap<>();
    /** The 1 s window of the first receive time held, or -1 when empty. */
    private long windowStart = -1;
    /** The first receive time held: the batches' receive time (the pipeline checks timestamps against it). */
    private long firstReceivedAtMs;
    /** Series-windows held, over all folds. */
    private int seriesWindows;
    /** The answer of the adds since the last flush, made when first asked for. */
    private CompletableFuture<Void> flushed;

    EdgeWindowBuffer(MetricsRawWriter writer, IngestMetrics metrics, int maxSeriesWindows) {
        this.writer = writer;
        this.metrics = metrics;
        this.maxSeriesWindows = maxSeriesWindows;
    }

    /**
     * Adds one request's accepted samples of a tenant, flushing first what is due. The answer completes when they have
     * been written and acknowledged (or fails with the first failure).
     */
    public CompletableFuture<Void> add(
            String tenant, String protocol, List<Sample> samples, HistogramBuckets bounds, long receivedAtMs) {
        flushIfDue(receivedAtMs);
        if (samples.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (windowStart < 0) {
            windowStart = WindowFold.windowOf(receivedAtMs);
            firstReceivedAtMs = receivedAtMs;
        }
        EdgeFold fold = folds.computeIfAbsent(new Source(tenant, protocol), s -> new EdgeFold(tenant, 256));
        int before = fold.entries();
        for (Sample s : samples) {
            fold.add(s, bounds);
        }
        seriesWindows += fold.entries() - before;
        CompletableFuture<Void> written = flushed();
        if (seriesWindows >= maxSeriesWindows) {
            flush();
        }
        return written;
    }

    /** Flushes when the second of the first receive time held has ended by {@code nowMs}. */
    public void flushIfDue(long nowMs) {
        if (windowStart >= 0 && nowMs >= windowStart + WindowFold.WINDOW_MS) {
            flush();
        }
    }

    /** Writes everything held to metrics-raw and empties the buffer. */
    public void flush() {
        CompletableFuture<Void> done = flushed;
        List<CompletableFuture<Void>> writes = new ArrayList<>(folds.size());
        folds.forEach((source, fold) -> {
            long samples = fold.samples();
            writes.add(writer.write(
                            fold.batches(source.protocol(), firstReceivedAtMs, writer.maxEntriesPerRecord()),
                            firstReceivedAtMs)
                    .whenComplete(
                            (ok, failure) -> metrics.written(source.tenant(), source.protocol(), samples, failure)));
        });
        folds.clear();
        windowStart = -1;
        seriesWindows = 0;
        flushed = null;
        if (done != null) {
            var unused = CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
                    .whenComplete((ok, failure) -> {
                        if (failure == null) {
                            done.complete(null);
                        } else {
                            done.completeExceptionally(failure);
                        }
                    });
        }
    }

    /** Completes when what the buffer holds now has been flushed and acknowledged (or fails with the first failure). */
    public CompletableFuture<Void> flushed() {
        if (windowStart < 0) {
            return CompletableFuture.completedFuture(null);
        }
        if (flushed == null) {
            flushed = new CompletableFuture<>();
        }
        return flushed;
    }

    /** Series-windows held now. */
    public int seriesWindows() {
        return seriesWindows;
    }

    /** What one fold is kept per: samples of one tenant by one protocol. */
    private record Source(String tenant, String protocol) {}
}
