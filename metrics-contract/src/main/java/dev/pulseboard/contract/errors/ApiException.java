package dev.pulseboard.contract.errors;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error a client is meant to see: a kind (which decides the status), a stable error id documented in
 * docs/errors.md, and a message naming the limit or the fix. Never carries credentials, class names or stack
 * traces; no stack trace is filled in because these are expected outcomes, not bugs.
 */
public final class ApiException extends RuntimeException {
    private final ErrorKind kind;
    private final ErrorId errorId;
    private final Duration retryAfter;
    private final Map<String, Object> extensions;

    private ApiException(
            ErrorKind kind, ErrorId errorId, String message, Duration retryAfter, Map<String, Object> extensions) {
        super(message, null, false, false);
        this.kind = kind;
        this.errorId = errorId;
        this.retryAfter = retryAfter;
        this.extensions = extensions;
    }

    public ApiException(ErrorKind kind, ErrorId errorId, String message) {
        this(kind, errorId, message, null, Map.of());
    }

    /** A copy that tells the client when to retry (only rendered for 429 and 503). */
    public ApiException retryAfter(Duration delay) {
        return new ApiException(kind, errorId, getMessage(), delay, extensions);
    }

    /** A copy with one more problem member, e.g. {@code accepted} or {@code errors}. */
    public ApiException with(String member, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(extensions);
        copy.put(member, value);
        return new ApiException(kind, errorId, getMessage(), retryAfter, copy);
    }

    public ErrorKind kind() {
        return kind;
    }

    /** The stable id, e.g. {@code err-pb-invalid-json}. */
    public String errorId() {
        return errorId.id();
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
