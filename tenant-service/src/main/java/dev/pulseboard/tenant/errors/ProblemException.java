package dev.pulseboard.tenant.errors;

/**
 * A failure with a stable error id; {@link ProblemExceptionMapper} turns it into problem+json. The detail is shown
 * to the caller, so it must never carry secrets, raw keys or exception class names.
 */
public class ProblemException extends RuntimeException {
    private final TenantError errorId;
    private final String field;
    private Long retryAfterSeconds;

    public ProblemException(TenantError errorId, String detail) {
        this(errorId, detail, null, null);
    }

    public ProblemException(TenantError errorId, String detail, String field, Throwable cause) {
        super(detail, cause, false, false);
        this.errorId = errorId;
        this.field = field;
    }

    public static ProblemException invalidField(TenantError errorId, String field, String detail) {
        return new ProblemException(errorId, detail, field, null);
    }

    /** Answers with {@code Retry-After: seconds}; returns this. */
    public ProblemException retryAfter(long seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    /** Seconds the caller should wait before retrying, or null. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public TenantError errorId() {
        return errorId;
    }

    /** The request field the problem is about, or null. */
    public String field() {
        return field;
    }
}
