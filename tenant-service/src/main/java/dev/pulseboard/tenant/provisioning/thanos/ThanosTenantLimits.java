package dev.pulseboard.tenant.provisioning.thanos;

/**
 * One tenant's entry in Receive's limits file ({@code write.tenants.<tenant>}); 0 means no limit, as in Thanos.
 * Request limits apply to each remote-write request; the head series limit to the tenant's active series.
 */
public record ThanosTenantLimits(long requestSizeBytes, long requestSeries, long requestSamples, long headSeries) {
    public ThanosTenantLimits {
        if (requestSizeBytes < 0 || requestSeries < 0 || requestSamples < 0 || headSeries < 0) {
            throw new IllegalArgumentException("Thanos limits are >= 0 (0 = no limit)");
        }
    }
}
