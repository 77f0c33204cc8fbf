package dev.pulseboard.gateway.ingest.statsd;

import dev.pulseboard.contract.wire.v1.MetricType;
import java.util.List;

/**
 * One parsed StatsD/DogStatsD line, not yet mapped to samples.
 *
 * @param name          the metric name as sent (key prefix already removed by the caller), not sanitised
 * @param type          metric type from c|g|ms|h|s|d
 * @param values        one value, or several for DogStatsD v1.1 multi-value lines; empty for sets
 * @param gaugeDelta    a gauge line whose values are changes ({@code +3|g}, {@code -3|g}), not values
 * @param setMember     the member of a set ({@code s}) line, else null
 * @param sampleRate    {@code @rate}, or 0 when absent (= unsampled, as in metrics.proto)
 * @param tags          DogStatsD {@code #k:v} tags as name/value pairs in sent order; valueless tags are dropped
 * @param timestampSecs DogStatsD v1.3 {@code |T<unix-seconds>}, or -1 when absent
 */
public record StatsdLine(
        String name,
        MetricType type,
        double[] values,
        boolean gaugeDelta,
        String setMember,
        double sampleRate,
        List<String[]> tags,
        long timestampSecs) {}
