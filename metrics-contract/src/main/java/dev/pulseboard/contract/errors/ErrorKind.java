package dev.pulseboard.contract.errors;

/**
 * The only place where the cause of an error is mapped to an HTTP status, for every service that answers tenants
 * (ingest-gateway, query-frontend). Code raises an {@link ApiException} with a kind and a stable error id; the
 * service's exception mapper renders it (problem+json at the gateway, Prometheus' error envelope on the query API).
 * Bad data 400, auth 401/403, another tenant's resource 404, a method a protocol does not offer 405, too large 413, a
 * body format not understood 415, limits 429 (with Retry-After), a dependency down 503 (with Retry-After).
 */
public enum ErrorKind {
    INVALID_REQUEST(400, "Bad Request"),
    UNAUTHENTICATED(401, "Unauthorized"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Not Found"),
    METHOD_NOT_ALLOWED(405, "Method Not Allowed"),
    PAYLOAD_TOO_LARGE(413, "Content Too Large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported Media Type"),
    RATE_LIMITED(429, "Too Many Requests"),
    UNAVAILABLE(503, "Service Unavailable");

    private final int status;
    private final String title;

    ErrorKind(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** Whether clients are told when to retry (Retry-After). */
    public boolean retryable() {
        return this == RATE_LIMITED || this == UNAVAILABLE;
    }
}
