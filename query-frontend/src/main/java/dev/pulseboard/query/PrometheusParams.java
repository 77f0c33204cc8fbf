package dev.pulseboard.query;

import dev.pulseboard.query.promql.PromQLDuration;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the time and duration parameters of the Prometheus HTTP API the way Prometheus documents them:
 * {@code <rfc3339 | unix_timestamp>} and {@code <duration | float seconds>}. Pure. Empty means absent; a value this
 * class cannot read is refused ({@link IllegalArgumentException}), never passed on: Prometheus reads more forms (hex
 * floats such as {@code 0x0p+0}, {@code Inf}) than the documented ones, and a value this service could not check must
 * not reach it (it skipped the range limit). The service forwards the values it read, in {@link #format}.
 */
final class PrometheusParams {
    private PrometheusParams() {}

    /** Unix seconds far beyond any stored sample either way (year ~5138): larger values are refused. */
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(100_000_000_000L);

    /** The time parameter {@code name}; empty when absent; IllegalArgumentException when present but unreadable. */
    static Optional<Instant> time(String name, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Optional<BigDecimal> seconds = decimalSeconds(value.strip());
        if (seconds.isPresent()) {
            return Optional.of(Instant.ofEpochMilli(millis(seconds.get())));
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.strip()).toInstant());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "the " + name + " parameter must be a unix timestamp in decimal seconds or an RFC 3339 time");
        }
    }

    /** The duration parameter {@code name}; empty when absent; IllegalArgumentException when present but unreadable. */
    static Optional<Duration> duration(String name, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        Optional<BigDecimal> seconds = decimalSeconds(v).filter(s -> s.signum() >= 0);
        if (seconds.isPresent()) {
            return Optional.of(Duration.ofMillis(millis(seconds.get())));
        }
        long millis = PromQLDuration.matches(v) && v.length() <= 40 ? PromQLDuration.millis(v) : Long.MAX_VALUE;
        if (millis == Long.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "the " + name + " parameter must be decimal seconds or a duration such as 1h30m");
        }
        return Optional.of(Duration.ofMillis(millis));
    }

    /** Decimal seconds within {@link #MAX_SECONDS} either way; empty for anything else (RFC 3339, a duration, junk). */
    private static Optional<BigDecimal> decimalSeconds(String value) {
        try {
            BigDecimal seconds = new BigDecimal(value);
            return seconds.abs().compareTo(MAX_SECONDS) <= 0 ? Optional.of(seconds) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static long millis(BigDecimal seconds) {
        return seconds.movePointRight(3).longValue();
    }

    /** A time as the service forwards it: unix seconds with millisecond precision. */
    static String format(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli(), 3).toPlainString();
    }

    /** A duration as the service forwards it: seconds with millisecond precision. */
    static String format(Duration d) {
        return BigDecimal.valueOf(d.toMillis(), 3).toPlainString();
    }
}
