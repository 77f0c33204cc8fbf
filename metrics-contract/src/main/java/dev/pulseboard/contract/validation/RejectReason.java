package dev.pulseboard.contract.validation;

import dev.pulseboard.contract.errors.ErrorId;

/**
 * Why a sample was refused. {@link #id()} is a stable error ID: it appears in API errors, in the discard
 * counter's {@code reason} label and as a heading in docs/errors.md. Never rename one; add new ones.
 */
public enum RejectReason {
    MISSING_METRIC_NAME(ErrorId.MISSING_METRIC_NAME),
    INVALID_METRIC_NAME(ErrorId.METRIC_NAME_INVALID),
    METRIC_NAME_TOO_LONG(ErrorId.METRIC_NAME_TOO_LONG),
    INVALID_LABEL_NAME(ErrorId.LABEL_NAME_INVALID),
    LABEL_NAME_TOO_LONG(ErrorId.LABEL_NAME_TOO_LONG),
    LABEL_VALUE_TOO_LONG(ErrorId.LABEL_VALUE_TOO_LONG),
    DUPLICATE_LABEL_NAME(ErrorId.DUPLICATE_LABEL_NAME),
    RESERVED_LABEL_NAME(ErrorId.RESERVED_LABEL_NAME),
    RESERVED_METRIC_NAME(ErrorId.RESERVED_METRIC_NAME),
    KEY_IN_SAMPLE(ErrorId.KEY_IN_SAMPLE),
    TOO_MANY_LABELS(ErrorId.MAX_LABEL_NAMES_PER_SERIES),
    MISSING_METRIC_TYPE(ErrorId.MISSING_METRIC_TYPE),
    NON_FINITE_VALUE(ErrorId.VALUE_NOT_FINITE),
    INVALID_SAMPLE_RATE(ErrorId.SAMPLE_RATE_INVALID),
    COUNTER_NEGATIVE(ErrorId.COUNTER_NEGATIVE),
    SAMPLE_TOO_OLD(ErrorId.SAMPLE_TOO_OLD),
    SAMPLE_TOO_FAR_IN_FUTURE(ErrorId.SAMPLE_TOO_FAR_IN_FUTURE);

    private final ErrorId errorId;

    RejectReason(ErrorId errorId) {
        this.errorId = errorId;
    }

    public ErrorId errorId() {
        return errorId;
    }

    public String id() {
        return errorId.id();
    }
}
