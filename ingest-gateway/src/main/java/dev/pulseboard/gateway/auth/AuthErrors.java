package dev.pulseboard.gateway.auth;

/** Stable error ids of authentication; each is a heading in docs/errors.md. */
public final class AuthErrors {
    /** No Authorization header (HTTP) or no key prefix on the metric name (StatsD). */
    public static final String MISSING_CREDENTIALS = "err-pb-missing-credentials";
    /** Something was sent but it is not a known, well-formed ingest key. */
    public static final String INVALID_CREDENTIALS = "err-pb-invalid-credentials";
    /** tenant-service could not resolve the key right now; retry. */
    public static final String TENANT_SERVICE_UNAVAILABLE = "err-pb-tenant-service-unavailable";

    private AuthErrors() {}
}
