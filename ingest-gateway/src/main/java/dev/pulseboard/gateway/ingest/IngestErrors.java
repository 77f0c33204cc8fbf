package dev.pulseboard.gateway.ingest;

/**
 * Stable error ids the ingest path adds to {@code RejectReason}'s; each is a heading in docs/errors.md and may
 * appear as the {@code reason} of pulseboard_discarded_samples_total. Never rename one.
 */
public final class IngestErrors {
    /** Push body is not the documented JSON document. */
    public static final String INVALID_JSON = "err-pb-invalid-json";
    /** Push body over pulseboard.gateway.push.max-body-size. */
    public static final String REQUEST_TOO_LARGE = "err-pb-request-too-large";
    /** More samples in one push than pulseboard.gateway.push.max-samples-per-request. */
    public static final String TOO_MANY_SAMPLES = "err-pb-too-many-samples";
    /** A push sample without a value (or a set sample without member). */
    public static final String MISSING_VALUE = "err-pb-missing-value";
    /** Request-level id of a push in which some samples were refused; details in {@code errors}. */
    public static final String SAMPLES_REJECTED = "err-pb-samples-rejected";
    /** Kafka did not acknowledge the write in time; nothing of the refused part is stored. */
    public static final String STORE_UNAVAILABLE = "err-pb-store-unavailable";

    private IngestErrors() {}
}
