package dev.pulseboard.gateway.ingest;

import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.limits.Limits;
import dev.pulseboard.contract.limits.TenantLimits;
import dev.pulseboard.contract.wire.RecordKeys;
import dev.pulseboard.gateway.ingest.kafka.MetricsRawWriter;
import dev.pulseboard.gateway.ingest.validation.Candidate;
import dev.pulseboard.gateway.ingest.validation.SampleError;
import dev.pulseboard.gateway.ingest.validation.SampleScreen;
import dev.pulseboard.gateway.ingest.validation.Screened;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The protocol-independent half of ingest: screen one authenticated tenant's decoded samples against its limits,
 * count every refusal, write the rest to metrics-raw, and count them as received once Kafka acknowledged them
 * (or as {@code err-pb-store-unavailable} discards if it did not).
 */
@ApplicationScoped
public class IngestService {
    private final TenantLimits limits;
    private final MetricsRawWriter writer;
    private final IngestMetrics metrics;
    private final IngestRateLimiter rates;

    public IngestService(TenantLimits limits, MetricsRawWriter writer, IngestMetrics metrics, IngestRateLimiter rates) {
        this.limits = limits;
        this.writer = writer;
        this.metrics = metrics;
        this.rates = rates;
    }

    /**
     * Before a request's body is read: how long the tenant must wait when it has no ingest tokens left (the request is
     * then refused unread and counted in pulseboard_refused_requests_total), else null.
     */
    public Duration exhausted(String tenant) {
        Duration wait = limits.ready() ? rates.exhausted(tenant, limits.limitsFor(tenant)) : null;
        if (wait != null) {
            metrics.refusedRequest(tenant, ErrorId.RATE_LIMITED.id());
        }
        return wait;
    }

    /** {@code written} completes when every accepted sample is acknowledged; callers choose whether to wait. */
    public Outcome ingest(String tenant, String protocol, List<Candidate> candidates, long receivedAtMs) {
        return ingest(tenant, protocol, candidates, receivedAtMs, null);
    }

    /**
     * As {@link #ingest(String, String, List, long)}, the accepted samples going into {@code buffer} (when not null)
     * rather than straight to metrics-raw: {@code written} then completes when the buffer's next flush is acknowledged.
     */
    public Outcome ingest(
            String tenant, String protocol, List<Candidate> candidates, long receivedAtMs, EdgeWindowBuffer buffer) {
        if (!limits.ready()) {
            // Kafka has been unreachable since startup: nothing can be stored, and the tenant's limits are unknown.
            metrics.discarded(tenant, ErrorId.STORE_UNAVAILABLE.id(), candidates.size());
            return new Outcome(
                    0,
                    List.of(),
                    CompletableFuture.failedFuture(new IllegalStateException("tenant limits unknown")),
                    null);
        }
        Limits tenantLimits = limits.limitsFor(tenant);
        Screened screened = SampleScreen.screen(candidates, tenantLimits, receivedAtMs);
        for (SampleError e : screened.errors()) {
            metrics.discarded(tenant, e.id(), 1);
        }
        int accepted = screened.accepted().size();
        Outcome overRate = overRate(tenant, tenantLimits, accepted, screened.errors());
        if (overRate != null) {
            return overRate;
        }
        if (buffer != null) {
            CompletableFuture<Void> written =
                    buffer.add(tenant, protocol, screened.accepted(), tenantLimits.histogramBuckets(), receivedAtMs);
            return new Outcome(accepted, screened.errors(), written, null);
        }
        CompletableFuture<Void> written =
                writer.write(tenant, screened.accepted(), protocol, receivedAtMs, tenantLimits.histogramBuckets());
        return new Outcome(accepted, screened.errors(), counted(tenant, protocol, accepted, written), null);
    }

    /** The tenant's limits, or null while they are unknown (Kafka unreachable since startup: nothing can be stored). */
    public Limits limitsIfReady(String tenant) {
        return limits.ready() ? limits.limitsFor(tenant) : null;
    }

    /**
     * As {@link #ingest(String, String, List, long)} for a request a protocol's fast path turned into records itself
     * ({@code samples} valid samples under {@code tenantLimits}): rate-limited, written and counted the same way.
     */
    public Outcome ingestEncoded(
            String tenant,
            String protocol,
            Limits tenantLimits,
            List<RecordKeys.EncodedRecord> records,
            int samples,
            long receivedAtMs) {
        Outcome overRate = overRate(tenant, tenantLimits, samples, List.of());
        if (overRate != null) {
            return overRate;
        }
        CompletableFuture<Void> written = writer.writeEncoded(records, receivedAtMs);
        return new Outcome(samples, List.of(), counted(tenant, protocol, samples, written), null);
    }

    /** The refusal when {@code accepted} samples do not fit the tenant's rate (counted as discards), else null. */
    private Outcome overRate(String tenant, Limits tenantLimits, int accepted, List<SampleError> errors) {
        Duration retryAfter = rates.tryAcquire(tenant, tenantLimits, accepted);
        if (retryAfter == null) {
            return null;
        }
        metrics.discarded(tenant, ErrorId.RATE_LIMITED.id(), accepted);
        return new Outcome(0, errors, CompletableFuture.completedFuture(null), retryAfter);
    }

    /** {@code written}, counting its samples as received (or discarded) once Kafka answered. */
    private CompletableFuture<Void> counted(
            String tenant, String protocol, int accepted, CompletableFuture<Void> written) {
        return written.whenComplete((ok, failure) -> metrics.written(tenant, protocol, accepted, failure));
    }

    /**
     * A buffer that folds samples across requests for one second ({@link EdgeWindowBuffer}), for protocols without an
     * acknowledgement; null when {@code kafka.fold-windows} is off (every request is then written as it is).
     */
    public EdgeWindowBuffer newBuffer(int maxSeriesWindows) {
        return writer.foldsWindows() ? new EdgeWindowBuffer(writer, metrics, maxSeriesWindows) : null;
    }

    /**
     * Accepted count, refused samples by request index, and the acknowledgement of the accepted ones. {@code
     * rateLimitedFor} is non-null when the tenant is over its ingest rate: nothing of the request was written (the
     * valid samples counted as err-pb-rate-limited), and the client may retry after that long.
     */
    public record Outcome(
            int accepted, List<SampleError> errors, CompletableFuture<Void> written, Duration rateLimitedFor) {}
}
