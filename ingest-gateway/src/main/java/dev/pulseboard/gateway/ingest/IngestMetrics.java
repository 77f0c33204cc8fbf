package dev.pulseboard.gateway.ingest;

import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.tenant.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The ingest counters, exported on /q/metrics:
 * {@code pulseboard_received_samples_total{tenant,protocol}} counts samples Kafka acknowledged;
 * {@code pulseboard_discarded_samples_total{tenant,reason}} counts refused or lost samples by stable error id.
 * {@code tenant} is {@link #UNKNOWN_TENANT} when no valid key identified one, so label cardinality stays bounded
 * by real tenants.
 */
@ApplicationScoped
public class IngestMetrics {
    /** {@link TenantId#UNAUTHENTICATED}: reserved, no organisation can sign up under it. */
    public static final String UNKNOWN_TENANT = TenantId.UNAUTHENTICATED;

    private final Meter.MeterProvider<Counter> received;
    private final Meter.MeterProvider<Counter> discarded;
    private final Meter.MeterProvider<Counter> refusedRequests;

    public IngestMetrics(MeterRegistry registry) {
        this.received = Counter.builder("pulseboard.received.samples")
                .description("Samples written to metrics-raw (acknowledged by Kafka)")
                .withRegistry(registry);
        this.discarded = Counter.builder("pulseboard.discarded.samples")
                .description("Samples refused or lost, by stable error id (see docs/errors.md)")
                .withRegistry(registry);
        this.refusedRequests = Counter.builder("pulseboard.refused.requests")
                .description("HTTP requests refused before their body was read (samples unknown), by error id")
                .withRegistry(registry);
    }

    public void received(String tenant, String protocol, long samples) {
        if (samples > 0) {
            received.withTags("tenant", tenant, "protocol", protocol).increment((double) samples);
        }
    }

    /** Once Kafka answered for samples written: received, or lost as err-pb-store-unavailable when it failed. */
    public void written(String tenant, String protocol, long samples, Throwable failure) {
        if (failure == null) {
            received(tenant, protocol, samples);
        } else {
            discarded(tenant, ErrorId.STORE_UNAVAILABLE.id(), samples);
        }
    }

    public void refusedRequest(String tenant, String reasonId) {
        refusedRequests.withTags("tenant", tenant, "reason", reasonId).increment();
    }

    public void discarded(String tenant, String reasonId, long samples) {
        if (samples > 0) {
            discarded.withTags("tenant", tenant, "reason", reasonId).increment((double) samples);
        }
    }
}
