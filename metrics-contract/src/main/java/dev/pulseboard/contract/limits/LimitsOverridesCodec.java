package dev.pulseboard.contract.limits;

import dev.pulseboard.contract.wire.v1.LimitsOverrides;
import java.time.Duration;

/** A tenant's {@link LimitsOverrides} (the tenant-limits topic's value) applied to the platform defaults. */
public final class LimitsOverridesCodec {
    private LimitsOverridesCodec() {}

    /** {@code defaults} with each field that {@code o} sets replaced; invalid bucket bounds keep the default. */
    public static Limits apply(Limits defaults, LimitsOverrides o) {
        HistogramBuckets buckets = defaults.histogramBuckets();
        if (o.getHistogramBucketsCount() > 0) {
            try {
                buckets = HistogramBuckets.of(o.getHistogramBucketsList().stream()
                        .mapToDouble(Double::doubleValue)
                        .toArray());
            } catch (IllegalArgumentException e) {
                // keep the default: a bad override must not take a tenant's histograms down
            }
        }
        return new Limits(
                o.hasMaxMetricNameLength() ? o.getMaxMetricNameLength() : defaults.maxMetricNameLength(),
                o.hasMaxLabelNameLength() ? o.getMaxLabelNameLength() : defaults.maxLabelNameLength(),
                o.hasMaxLabelValueLength() ? o.getMaxLabelValueLength() : defaults.maxLabelValueLength(),
                o.hasMaxLabelsPerSeries() ? o.getMaxLabelsPerSeries() : defaults.maxLabelsPerSeries(),
                o.hasPastGraceMs() ? Duration.ofMillis(o.getPastGraceMs()) : defaults.pastGrace(),
                o.hasFutureGraceMs() ? Duration.ofMillis(o.getFutureGraceMs()) : defaults.futureGrace(),
                o.hasMaxActiveSeries() ? o.getMaxActiveSeries() : defaults.maxActiveSeries(),
                buckets,
                o.hasIngestRate() && o.getIngestRate() >= 0 ? o.getIngestRate() : defaults.ingestRate(),
                o.hasIngestBurst() && o.getIngestBurst() >= 1 ? o.getIngestBurst() : defaults.ingestBurst(),
                o.hasDeleted() ? o.getDeleted() : defaults.deleted());
    }
}
