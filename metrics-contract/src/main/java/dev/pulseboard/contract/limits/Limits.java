package dev.pulseboard.contract.limits;

import java.io.Serializable;
import java.time.Duration;

/**
 * The limits and settings in force for one tenant: the platform defaults ({@link #DEFAULTS}, following Prometheus'
 * and Mimir's) with the tenant's overrides from the tenant-limits topic applied field by field. The gateway and the
 * pipeline read the same ones (ADR 005), so nothing the gateway accepted is refused later by a different rule.
 *
 * @param maxMetricNameLength characters in a metric name
 * @param maxLabelNameLength  characters in a label name
 * @param maxLabelValueLength characters in a label value
 * @param maxLabelsPerSeries  labels on one series (the metric name not counted)
 * @param pastGrace           how far before "now" a sample timestamp may be; keeps the store's append window intact
 * @param futureGrace         how far after "now" a sample timestamp may be; a far-future sample would move the store's
 *                            head and make every other tenant's samples out of bounds
 * @param maxActiveSeries     series the pipeline keeps state for; a new series beyond it is refused and counted
 * @param histogramBuckets    bucket bounds of the tenant's TIMER, HISTOGRAM and DISTRIBUTION series
 * @param ingestRate          samples per second a gateway accepts from the tenant (token bucket refill); 0 = no limit
 * @param ingestBurst         samples the tenant may send at once above the rate (token bucket capacity)
 * @param deleted             the tenant is being deleted: the pipeline forgets its series and writes nothing of it
 */
public record Limits(
        int maxMetricNameLength,
        int maxLabelNameLength,
        int maxLabelValueLength,
        int maxLabelsPerSeries,
        Duration pastGrace,
        Duration futureGrace,
        int maxActiveSeries,
        HistogramBuckets histogramBuckets,
        double ingestRate,
        long ingestBurst,
        boolean deleted)
        implements Serializable {

    public static final Limits DEFAULTS = new Limits(
            200,
            128,
            1024,
            30,
            Duration.ofMinutes(10),
            Duration.ofMinutes(2),
            100_000,
            HistogramBuckets.PROMETHEUS_DEFAULT,
            250_000,
            500_000,
            false);
}
