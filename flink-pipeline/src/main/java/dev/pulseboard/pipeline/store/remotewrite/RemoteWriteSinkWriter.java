package dev.pulseboard.pipeline.store.remotewrite;

import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.prometheus.WriteRequest;
import dev.pulseboard.pipeline.aggregation.TenantAggregate;
import dev.pulseboard.pipeline.telemetry.TenantCounters;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes aggregates to the store asynchronously, PER TENANT: a request never mixes tenants. A tenant's series are
 * split into {@code lanesPerTenant} lanes by their shard; each lane has at most one request in flight (so every
 * series' samples arrive in order: Prometheus refuses a series' sample older than its newest) and all tenants together
 * at most {@code maxInFlight}. A window of a tenant with many series thus goes to the store as several requests at
 * once, not one after the other. One tenant's slow or failing requests hold at most its lanes' slots and its own
 * buffers, never the others': the job only waits when a single lane has {@value #MAX_PENDING_REQUESTS} requests
 * waiting, when all lanes together have {@value #MAX_PENDING_TOTAL} beyond one each (which bounds the writer's memory
 * however many tenants are behind: after an outage all of them are at once), or every slot is busy.
 *
 * <ul>
 *   <li>Buffers are sent when a request is full, on every watermark (when a window's results are complete, which is
 *       what makes them fresh), every {@code flushInterval}, and on {@link #flush}, which Flink calls before every
 *       checkpoint barrier: the flush waits until everything before the barrier is acknowledged, so a checkpoint
 *       completes only once its data is in the store (a replay rewrites identical samples, ADR 005).</li>
 *   <li>2xx = written; a rejection (4xx but 429, or Prometheus' "too old sample") drops only that request, counted per
 *       tenant; retries of 5xx/429/I/O errors are the client's; when they give up, the job fails and restarts.</li>
 * </ul>
 * All callbacks run in the task's mailbox thread: no locking.
 *
 * <p>Written through: once every request holding data that came before a watermark is acknowledged (or refused and
 * counted), every sample stamped at or before that watermark is in the store (windows are stamped at their last
 * millisecond and arrive before the watermark that passes them); the writer then reports the watermark to its
 * {@code writtenThrough} listener (the store-progress topic, which the query frontend's results cache reads).
 *
 * <p>Metrics (per tenant): {@code remoteWriteSamplesWritten{tenant}}, {@code remoteWriteSamplesDropped{tenant,
 * reason="err-pb-remote-write-rejected"}}; {@code remoteWriteRetries}, {@code remoteWriteInFlight}.
 */
class RemoteWriteSinkWriter implements SinkWriter<TenantAggregate> {
    static final int MAX_PENDING_REQUESTS = 50;
    /** Full requests of all tenants waiting to be sent, at most (each tenant's last, still filling, not counted). */
    static final int MAX_PENDING_TOTAL = 50;

    private static final Logger LOG = LoggerFactory.getLogger(RemoteWriteSinkWriter.class);

    private final RemoteWriteOptions options;
    private final RemoteWriteClient client;
    private final MailboxExecutor mailbox;
    private final ProcessingTimeService timers;
    /** Each tenant's lanes' queues, by tenant and lane. */
    private final Map<Lane, TenantQueue> queues = new LinkedHashMap<>();
    /** The lanes {@link #sendReady} sent from, to be moved to the back of {@link #queues}. */
    private final List<TenantQueue> served = new ArrayList<>();

    private final TenantCounters written;
    private final TenantCounters dropped;
    private final WrittenThrough writtenThrough;
    private int inFlight;
    /** Requests of all tenants waiting to be sent, each lane's still filling last one included. */
    private int waiting;
    /** Lanes with requests waiting: each has at most one still filling, so waiting - this is at most the full ones. */
    private int lanesWaiting;

    private Throwable failure;
    /** Watermarks received so far: a request's epoch is this count when it was begun. */
    private long epoch;
    /** Requests begun and not yet answered, by the epoch they were begun in. */
    private final TreeMap<Long, Integer> unanswered = new TreeMap<>();
    /** Watermarks not yet written through: {epoch number (1 = the first), watermark}, oldest first. */
    private final Deque<long[]> watermarks = new ArrayDeque<>();

    private long reportedThrough = Long.MIN_VALUE;

    /** A tenant's lane: the series whose shard modulo {@code lanesPerTenant} is {@code lane}. */
    private record Lane(String tenant, int lane) {}

    /** One lane's requests waiting to be sent, oldest first; the last one is still filling. */
    private static final class TenantQueue {
        final Lane lane;
        final Deque<Pending> requests = new ArrayDeque<>();
        boolean inFlight;
        /** Send even a request that is not full (a watermark or flush asked for it). */
        boolean due;

        TenantQueue(Lane lane) {
            this.lane = lane;
        }
    }

    private static final class Pending {
        final WriteRequest.Builder request = WriteRequest.newBuilder();
        /** Watermarks received before its first sample: the watermarks after it wait for its answer. */
        final long epoch;

        int samples;

        Pending(long epoch) {
            this.epoch = epoch;
        }
    }

    RemoteWriteSinkWriter(
            RemoteWriteOptions options,
            RemoteWriteClient client,
            MailboxExecutor mailbox,
            ProcessingTimeService timers,
            MetricGroup metrics,
            WrittenThrough writtenThrough) {
        this.options = options;
        this.writtenThrough = writtenThrough;
        this.client = client;
        this.mailbox = mailbox;
        this.timers = timers;
        this.written = new TenantCounters(metrics, "remoteWriteSamplesWritten");
        this.dropped = new TenantCounters(metrics, "remoteWriteSamplesDropped");
        metrics.gauge("remoteWriteRetries", client::retries);
        metrics.gauge("remoteWriteInFlight", () -> inFlight);
        scheduleFlush();
    }

    @Override
    public void write(TenantAggregate element, Context context) throws IOException, InterruptedException {
        checkFailure();
        TenantQueue q = queues.computeIfAbsent(
                new Lane(element.tenant(), Math.floorMod(element.shard(), options.lanesPerTenant())), TenantQueue::new);
        RemoteWriteCodec.series(element.tenant(), element.aggregate(), ts -> {
            Pending tail = q.requests.peekLast();
            if (tail == null || tail.samples >= options.maxSamplesPerRequest()) {
                if (tail == null) {
                    lanesWaiting++;
                }
                tail = new Pending(epoch);
                q.requests.addLast(tail);
                waiting++;
                unanswered.merge(epoch, 1, Integer::sum);
            }
            tail.request.addTimeseries(ts);
            tail.samples++;
        });
        sendReady();
        // back-pressure while this lane's store is far behind, or all tenants' stores together (a catch-up after an
        // outage): completions run meanwhile and send what waits. waiting - lanesWaiting is at most the number of
        // full requests (every lane has at most one filling), so the loop ends once they are sent.
        while (q.requests.size() > MAX_PENDING_REQUESTS || waiting - lanesWaiting > MAX_PENDING_TOTAL) {
            mailbox.yield();
            checkFailure();
        }
    }

    /** A watermark passed: the windows before it are complete, so their results go out now. */
    @Override
    public void writeWatermark(Watermark watermark) throws IOException {
        epoch++;
        if (watermark.getTimestamp() > reportedThrough) {
            watermarks.addLast(new long[] {epoch, watermark.getTimestamp()});
        }
        reportWrittenThrough();
        markAllDue();
        sendReady();
        checkFailure();
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        markAllDue();
        sendReady();
        while (inFlight > 0 || hasPending()) {
            mailbox.yield();
            checkFailure();
            sendReady();
        }
        checkFailure();
    }

    @Override
    public void close() {
        // flush ran at end of input; on cancel, unsent data is replayed from the checkpoint
        writtenThrough.close();
    }

    private void markAllDue() {
        queues.values().forEach(q -> q.due = !q.requests.isEmpty());
    }

    private boolean hasPending() {
        return queues.values().stream().anyMatch(q -> !q.requests.isEmpty());
    }

    /**
     * Sends every lane's next request that is full (or due) while slots are free. A lane sent from goes to the back of
     * the order, so that when slots are scarce the lanes waiting get them in turn, not the first tenants' lanes again.
     */
    private void sendReady() {
        for (TenantQueue q : queues.values()) {
            if (inFlight >= options.maxInFlight()) {
                break;
            }
            Pending head = q.requests.peekFirst();
            if (!q.inFlight && head != null && (q.due || head.samples >= options.maxSamplesPerRequest())) {
                q.requests.pollFirst();
                waiting--;
                if (q.requests.isEmpty()) {
                    lanesWaiting--;
                }
                send(q.lane.tenant(), q, head);
                served.add(q);
            }
        }
        for (TenantQueue q : served) {
            queues.remove(q.lane);
            queues.put(q.lane, q);
        }
        served.clear();
    }

    private void send(String tenant, TenantQueue q, Pending p) {
        byte[] body;
        try {
            body = RemoteWriteCodec.encode(p.request.build());
        } catch (IOException e) {
            failure = e;
            return;
        }
        q.inFlight = true;
        inFlight++;
        int samples = p.samples;
        // the completion is handed to the mailbox, which reports any failure through checkFailure()
        long begun = p.epoch;
        var unused = client.send(tenant, body)
                .whenComplete((result, error) -> mailbox.execute(
                        () -> completed(tenant, q, samples, begun, result, error), "remote-write completion"));
    }

    private void completed(
            String tenant, TenantQueue q, int samples, long begun, RemoteWriteClient.Result result, Throwable error) {
        q.inFlight = false;
        inFlight--;
        if (q.requests.isEmpty()) {
            q.due = false;
        }
        if (error != null) {
            failure = error;
            return;
        }
        unanswered.computeIfPresent(begun, (e, n) -> n > 1 ? n - 1 : null);
        reportWrittenThrough();
        if (result.written()) {
            written.incTenant(tenant, samples);
        } else {
            dropped.inc(tenant, ErrorId.REMOTE_WRITE_REJECTED.id(), samples);
            LOG.warn(
                    "{}: store rejected {} samples of tenant {} with HTTP {}; request dropped: {}",
                    ErrorId.REMOTE_WRITE_REJECTED.id(),
                    samples,
                    tenant,
                    result.status(),
                    result.error());
        }
        sendReady();
    }

    /**
     * Reports the newest watermark all of whose earlier data is answered: watermark number k waits for the requests
     * begun before it, those of epochs below k.
     */
    private void reportWrittenThrough() {
        long oldestUnanswered = unanswered.isEmpty() ? Long.MAX_VALUE : unanswered.firstKey();
        long through = reportedThrough;
        while (!watermarks.isEmpty() && watermarks.peekFirst()[0] <= oldestUnanswered) {
            through = Math.max(through, watermarks.pollFirst()[1]);
        }
        if (through > reportedThrough) {
            reportedThrough = through;
            writtenThrough.advanced(through);
        }
    }

    private void checkFailure() throws IOException {
        if (failure != null) {
            throw new IOException("remote write failed; the job restarts from its last checkpoint", failure);
        }
    }

    private void scheduleFlush() {
        long interval = options.flushInterval().toMillis();
        if (interval > 0) {
            // the timer re-arms itself; cancelling it is never needed, so its future is not kept
            var unused = timers.registerTimer(timers.getCurrentProcessingTime() + interval, time -> {
                markAllDue();
                sendReady();
                if (reportedThrough != Long.MIN_VALUE) {
                    writtenThrough.advanced(reportedThrough); // again: a listener may have held it back
                }
                scheduleFlush();
            });
        }
    }
}
