package dev.pulseboard.pipeline.store.remotewrite;

import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.wire.v1.Aggregate;
import dev.pulseboard.pipeline.aggregation.TenantAggregate;
import dev.pulseboard.pipeline.telemetry.TenantCounters;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers aggregates PER TENANT and sends each tenant's buffer as its own request, so a request never mixes tenants
 * and one tenant's rejected batch (400) never blocks or drops another's.
 *
 * <p>A buffer is sent when it reaches {@code maxSamplesPerRequest}, every {@code flushInterval}, and on
 * {@link #flush} - which Flink calls before every checkpoint barrier and at end of input - so a checkpoint completes
 * only once everything before it is in the store (at-least-once; a replay rewrites identical samples, which
 * Prometheus accepts). All callbacks run in the task's mailbox thread: no locking.
 *
 * <p>Metrics (per tenant): {@code remoteWriteSamplesWritten{tenant}},
 * {@code remoteWriteSamplesDropped{tenant, reason="err-pb-remote-write-rejected"}}; {@code remoteWriteRetries}.
 */
class RemoteWriteSinkWriter implements SinkWriter<TenantAggregate> {
    static final String REJECTED = ErrorId.REMOTE_WRITE_REJECTED.id();
    private static final Logger LOG = LoggerFactory.getLogger(RemoteWriteSinkWriter.class);

    private final RemoteWriteOptions options;
    private final RemoteWriteClient client;
    private final ProcessingTimeService timers;
    private final Map<String, List<Aggregate>> pending = new LinkedHashMap<>();
    private final TenantCounters written;
    private final TenantCounters dropped;

    RemoteWriteSinkWriter(
            RemoteWriteOptions options, RemoteWriteClient client, ProcessingTimeService timers, MetricGroup metrics) {
        this.options = options;
        this.client = client;
        this.timers = timers;
        this.written = new TenantCounters(metrics, "remoteWriteSamplesWritten");
        this.dropped = new TenantCounters(metrics, "remoteWriteSamplesDropped");
        metrics.gauge("remoteWriteRetries", client::retries);
        scheduleFlush();
    }

    @Override
    public void write(TenantAggregate element, Context context) throws IOException, InterruptedException {
        List<Aggregate> buffer = pending.computeIfAbsent(element.tenant(), t -> new ArrayList<>());
        buffer.add(element.parsed());
        if (RemoteWriteCodec.sampleCount(buffer.size()) >= options.maxSamplesPerRequest()) {
            send(element.tenant(), pending.remove(element.tenant()));
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        flushAll();
    }

    @Override
    public void close() {
        // nothing held open: flush(true) already ran at end of input; on cancel, unsent data is replayed
    }

    private void flushAll() throws IOException, InterruptedException {
        while (!pending.isEmpty()) {
            String tenant = pending.keySet().iterator().next();
            send(tenant, pending.remove(tenant));
        }
    }

    private void send(String tenant, List<Aggregate> aggregates) throws IOException, InterruptedException {
        int samples = RemoteWriteCodec.sampleCount(aggregates.size());
        byte[] body = RemoteWriteCodec.encode(RemoteWriteCodec.toWriteRequest(tenant, aggregates));
        RemoteWriteClient.Result result = client.send(tenant, body);
        if (result.written()) {
            written.incTenant(tenant, samples);
        } else {
            dropped.inc(tenant, REJECTED, samples);
            LOG.warn(
                    "{}: store rejected {} samples of tenant {} with HTTP {}; batch dropped: {}",
                    REJECTED,
                    samples,
                    tenant,
                    result.status(),
                    result.error());
        }
    }

    private void scheduleFlush() {
        long interval = options.flushInterval().toMillis();
        if (interval > 0) {
            // the timer re-arms itself; cancelling it is never needed, so its future is not kept
            var unused = timers.registerTimer(timers.getCurrentProcessingTime() + interval, time -> {
                flushAll();
                scheduleFlush();
            });
        }
    }
}
