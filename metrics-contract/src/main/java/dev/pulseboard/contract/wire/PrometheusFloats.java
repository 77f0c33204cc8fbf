package dev.pulseboard.contract.wire;

import java.math.BigDecimal;

/**
 * Prometheus' spelling of a number inside a label value ({@code le} bucket bounds, {@code quantile}s): the shortest
 * plain decimal ({@code 0.005}, {@code 1}, {@code 2.5}) and {@code +Inf}. The pipeline's own histograms and the
 * gateway's converted ones (OTLP) must spell a bound the same way, or {@code histogram_quantile} sees two buckets.
 */
public final class PrometheusFloats {
    private PrometheusFloats() {}

    public static String format(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (Double.isNaN(v)) {
            return "NaN";
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
