package dev.pulseboard.gateway.query;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the time and duration parameters of the Prometheus HTTP API the way Prometheus documents them:
 * {@code <rfc3339 | unix_timestamp>} and {@code <duration | float seconds>}. Pure. Empty means "absent or not
 * parseable": the gateway then skips its own limit check and lets Prometheus answer 400 bad_data itself.
 */
final class PrometheusParams {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");
    private static final Pattern DURATION_WHOLE = Pattern.compile("(\\d+(ms|s|m|h|d|w|y))+");

    private PrometheusParams() {}

    static Optional<Instant> time(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            BigDecimal seconds = new BigDecimal(value.strip());
            return Optional.of(Instant.ofEpochMilli(seconds.movePointRight(3).longValue()));
        } catch (NumberFormatException | ArithmeticException e) {
            // not a unix timestamp; try RFC 3339
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.strip()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static Optional<Duration> duration(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        try {
            return Optional.of(
                    Duration.ofMillis(new BigDecimal(v).movePointRight(3).longValue()));
        } catch (NumberFormatException | ArithmeticException e) {
            // not float seconds; try a Prometheus duration such as 1h30m
        }
        if (!DURATION_WHOLE.matcher(v).matches()) {
            return Optional.empty();
        }
        Duration total = Duration.ZERO;
        Matcher m = DURATION.matcher(v);
        while (m.find()) {
            total = total.plus(unit(m.group(2)).multipliedBy(Long.parseLong(m.group(1))));
        }
        return Optional.of(total);
    }

    private static Duration unit(String unit) {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(1);
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            case "d" -> Duration.ofDays(1);
            case "w" -> Duration.ofDays(7);
            default -> Duration.ofDays(365);
        };
    }
}
