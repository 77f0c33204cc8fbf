package dev.pulseboard.gateway.ingest.statsd;

/** Stable error ids of the StatsD listener; each is a heading in docs/errors.md. Never rename one. */
public final class StatsdErrors {
    /** Not {@code name:value|type[|...]}: no name, no value, no type, or an unparseable @rate / T field. */
    public static final String LINE_MALFORMED = "err-pb-statsd-line-malformed";
    /** The type is none of c, g, ms, h, s, d. */
    public static final String TYPE_UNKNOWN = "err-pb-statsd-type-unknown";
    /** The value is not a number. */
    public static final String VALUE_INVALID = "err-pb-statsd-value-invalid";
    /** A gauge value with an explicit sign (+3, -3) is a delta, which the gateway does not apply. */
    public static final String GAUGE_DELTA_UNSUPPORTED = "err-pb-statsd-gauge-delta-unsupported";
    /** The listener's queue was full and the whole packet was dropped. */
    public static final String OVERLOADED = "err-pb-statsd-overloaded";

    private StatsdErrors() {}
}
