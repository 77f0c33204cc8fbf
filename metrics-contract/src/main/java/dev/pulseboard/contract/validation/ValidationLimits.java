package dev.pulseboard.contract.validation;

import java.io.Serializable;
import java.time.Duration;

/**
 * Per-tenant validation limits. Defaults follow Prometheus' and Mimir's; a tenant's overrides replace single
 * fields (see {@link TenantLimits}).
 *
 * @param maxMetricNameLength  characters in a metric name
 * @param maxLabelNameLength   characters in a label name
 * @param maxLabelValueLength  characters in a label value
 * @param maxLabelsPerSeries   labels on one series (the metric name not counted)
 * @param pastGrace            how far before "now" a sample timestamp may be; keeps the store's append window
 *                             intact (Prometheus rejects a whole request for one out-of-bounds sample)
 * @param futureGrace          how far after "now" a sample timestamp may be; a far-future sample would move the
 *                             store's head and make every other tenant's samples out of bounds
 */
public record ValidationLimits(
        int maxMetricNameLength,
        int maxLabelNameLength,
        int maxLabelValueLength,
        int maxLabelsPerSeries,
        Duration pastGrace,
        Duration futureGrace)
        implements Serializable {

    public static final ValidationLimits DEFAULTS =
            new ValidationLimits(200, 128, 1024, 30, Duration.ofMinutes(10), Duration.ofMinutes(2));
}
