package dev.pulseboard.query;

/**
 * The {@code Server-Timing} header (W3C Server Timing) of the query API's answers: {@code prometheus}, the time the
 * request's own thread waited for Prometheus, and {@code total}, from the request reaching the resource to its answer,
 * each in ms. What {@link QueryResource} writes and what its readers (tests, bench-query) parse.
 */
public final class ServerTiming {
    public static final String HEADER = "Server-Timing";

    private ServerTiming() {}

    /** {@code prometheus;dur=<ms>, total;dur=<ms>}, to the µs. */
    public static String of(long prometheusNanos, long totalNanos) {
        StringBuilder b = new StringBuilder(48).append("prometheus;dur=");
        appendMillis(b, prometheusNanos);
        b.append(", total;dur=");
        appendMillis(b, totalNanos);
        return b.toString();
    }

    /** The duration of {@code metric} in ms, or NaN when the header does not have it. */
    public static double millis(String header, String metric) {
        for (String part : header.split(",")) {
            String[] fields = part.trim().split(";");
            if (fields[0].equals(metric) && fields.length > 1 && fields[1].startsWith("dur=")) {
                return Double.parseDouble(fields[1].substring("dur=".length()));
            }
        }
        return Double.NaN;
    }

    private static void appendMillis(StringBuilder b, long nanos) {
        long micros = Math.max(0, nanos) / 1000;
        long fraction = micros % 1000;
        b.append(micros / 1000).append('.');
        if (fraction < 100) {
            b.append('0');
        }
        if (fraction < 10) {
            b.append('0');
        }
        b.append(fraction);
    }
}
