package dev.pulseboard.query.promql;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PromQL duration literals ({@code 5m}, {@code 1h30m}, {@code 250ms}; units ms s m h d w y, a year being 365 days as
 * Prometheus counts), read in one place for the query's subqueries and for the HTTP API's duration parameters. Pure.
 */
public final class PromQLDuration {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");
    private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h|d|w|y))+");

    private PromQLDuration() {}

    /** Whether {@code text} is a duration literal and nothing else. */
    public static boolean matches(String text) {
        return WHOLE.matcher(text).matches();
    }

    /** The literal's length in milliseconds; {@link Long#MAX_VALUE} when it does not fit in a long. */
    public static long millis(String duration) {
        Matcher m = PART.matcher(duration);
        long total = 0;
        try {
            while (m.find()) {
                total = Math.addExact(total, Math.multiplyExact(Long.parseLong(m.group(1)), unitMillis(m.group(2))));
            }
        } catch (ArithmeticException | NumberFormatException e) {
            return Long.MAX_VALUE;
        }
        return total;
    }

    private static long unitMillis(String unit) {
        return switch (unit) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            case "d" -> 86_400_000L;
            case "w" -> 604_800_000L;
            default -> 31_536_000_000L;
        };
    }
}
