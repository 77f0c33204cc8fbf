package dev.pulseboard.gateway.ingest;

import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.limits.TenantLimits;
import dev.pulseboard.gateway.ingest.kafka.MetricsRawWriter;
import dev.pulseboard.gateway.ingest.validation.Candidate;
import dev.pulseboard.gateway.ingest.validation.SampleError;
import dev.pulseboard.gateway.ingest.validation.SampleScreen;
import dev.pulseboard.gateway.ingest.validation.Screened;
import jakarta.enterprise.context.ApplicationScoped;
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

    public IngestService(TenantLimits limits, MetricsRawWriter writer, IngestMetrics metrics) {
        this.limits = limits;
        this.writer = writer;
        this.metrics = metrics;
    }

    /** {@code written} completes when every accepted sample is acknowledged; callers choose whether to wait. */
    public Outcome ingest(String tenant, String protocol, List<Candidate> candidates, long receivedAtMs) {
        if (!limits.ready()) {
            // Kafka has been unreachable since startup: nothing can be stored, and the tenant's limits are unknown.
            metrics.discarded(tenant, ErrorId.STORE_UNAVAILABLE.id(), candidates.size());
            return new Outcome(
                    0, List.of(), CompletableFuture.failedFuture(new IllegalStateException("tenant limits unknown")));
        }
        Screened screened = SampleScreen.screen(candidates, limits.limitsFor(tenant), receivedAtMs);
        for (SampleError e : screened.errors()) {
            metrics.discarded(tenant, e.id(), 1);
        }
        int accepted = screened.accepted().size();
        CompletableFuture<Void> written = writer.write(tenant, screened.accepted(), protocol, receivedAtMs)
                .whenComplete((ok, failure) -> {
                    if (failure == null) {
                        metrics.received(tenant, protocol, accepted);
                    } else {
                        metrics.discarded(tenant, ErrorId.STORE_UNAVAILABLE.id(), accepted);
                    }
                });
        return new Outcome(accepted, screened.errors(), written);
    }

    /** Accepted count, refused samples by request index, and the acknowledgement of the accepted ones. */
    public record Outcome(int accepted, List<SampleError> errors, CompletableFuture<Void> written) {}
}
