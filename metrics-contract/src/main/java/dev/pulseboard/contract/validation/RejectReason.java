package dev.pulseboard.contract.validation;

/**
 * Why a sample was refused. {@link #id()} is a stable error ID: it appears in API errors, in the discard
 * counter's {@code reason} label and as a heading in docs/errors.md. Never rename one; add new ones.
 */
public enum RejectReason {
    MISSING_METRIC_NAME("err-pb-missing-metric-name"),
    INVALID_METRIC_NAME("err-pb-metric-name-invalid"),
    METRIC_NAME_TOO_LONG("err-pb-metric-name-too-long"),
    INVALID_LABEL_NAME("err-pb-label-name-invalid"),
    LABEL_NAME_TOO_LONG("err-pb-label-name-too-long"),
    LABEL_VALUE_TOO_LONG("err-pb-label-value-too-long"),
    DUPLICATE_LABEL_NAME("err-pb-duplicate-label-name"),
    RESERVED_LABEL_NAME("err-pb-reserved-label-name"),
    TOO_MANY_LABELS("err-pb-max-label-names-per-series"),
    MISSING_METRIC_TYPE("err-pb-missing-metric-type"),
    NON_FINITE_VALUE("err-pb-value-not-finite"),
    INVALID_SAMPLE_RATE("err-pb-sample-rate-invalid"),
    SAMPLE_TOO_OLD("err-pb-sample-too-old"),
    SAMPLE_TOO_FAR_IN_FUTURE("err-pb-sample-too-far-in-future");

    private final String id;

    RejectReason(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
