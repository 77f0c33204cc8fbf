package dev.pulseboard.gateway.query.promql;

import dev.pulseboard.gateway.api.ErrorKind;

/**
 * Why the read path refused a request before (or instead of) asking Prometheus. Each reason has a stable error id,
 * documented in docs/errors.md; its {@link ErrorKind} decides the HTTP status (the gateway's one cause-to-status map).
 * Query limits are 400, not 429: retrying the same query later cannot succeed, the query has to change.
 */
public enum QueryRejectReason {
    /** The query (or a match[] selector) is not PromQL this gateway can parse. */
    INVALID("err-pb-query-invalid", ErrorKind.INVALID_REQUEST),
    /** The query names a tenant other than the caller's, or matches the tenant label in any other way. */
    OTHER_TENANT("err-pb-query-other-tenant", ErrorKind.FORBIDDEN),
    /** The query text is longer than the tenant's max-query-length. */
    TOO_LONG("err-pb-query-too-long", ErrorKind.INVALID_REQUEST),
    /** end - start of a range query (or a series/labels lookup) is longer than the tenant's max-range. */
    RANGE_TOO_LONG("err-pb-query-range-too-long", ErrorKind.INVALID_REQUEST),
    /** (end - start) / step + 1 is more than the tenant's max-points. */
    TOO_MANY_POINTS("err-pb-query-too-many-points", ErrorKind.INVALID_REQUEST),
    /** Internal-token call without a valid X-Scope-OrgID naming the tenant to act for. */
    ORG_INVALID("err-pb-query-org-invalid", ErrorKind.INVALID_REQUEST),
    /** Prometheus could not be reached or did not answer in time. */
    BACKEND_UNAVAILABLE("err-pb-query-backend-unavailable", ErrorKind.UNAVAILABLE);

    private final String id;
    private final ErrorKind kind;

    QueryRejectReason(String id, ErrorKind kind) {
        this.id = id;
        this.kind = kind;
    }

    /** Stable error id, e.g. {@code err-pb-query-invalid}. */
    public String id() {
        return id;
    }

    public ErrorKind kind() {
        return kind;
    }
}
