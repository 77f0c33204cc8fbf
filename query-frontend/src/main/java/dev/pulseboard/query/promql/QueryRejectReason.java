package dev.pulseboard.query.promql;

import dev.pulseboard.contract.errors.ApiException;
import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.errors.ErrorKind;

/**
 * Why the read path refused a request before (or instead of) asking Prometheus. Each reason has a stable error id,
 * documented in docs/errors.md; its {@link ErrorKind} decides the HTTP status (the one cause-to-status map).
 * Query limits are 400, not 429: retrying the same query later cannot succeed, the query has to change. The one
 * exceptions are the number of queries running at once and the budget of Prometheus time (429): the same query
 * succeeds once others have finished, or the budget has refilled.
 */
public enum QueryRejectReason {
    /** The query (or a match[] selector) is not PromQL this service can parse. */
    INVALID(ErrorId.QUERY_INVALID, ErrorKind.INVALID_REQUEST),
    /** The query names a tenant other than the caller's, or matches the tenant label in any other way. */
    OTHER_TENANT(ErrorId.QUERY_OTHER_TENANT, ErrorKind.FORBIDDEN),
    /** The query text is longer than the tenant's max-query-length. */
    TOO_LONG(ErrorId.QUERY_TOO_LONG, ErrorKind.INVALID_REQUEST),
    /** end - start of a range query (or a series/labels lookup) is longer than the tenant's max-range. */
    RANGE_TOO_LONG(ErrorId.QUERY_RANGE_TOO_LONG, ErrorKind.INVALID_REQUEST),
    /** (end - start) / step + 1 is more than the tenant's max-points. */
    TOO_MANY_POINTS(ErrorId.QUERY_TOO_MANY_POINTS, ErrorKind.INVALID_REQUEST),
    /** Internal-token call without a valid X-Scope-OrgID naming the tenant to act for. */
    ORG_INVALID(ErrorId.QUERY_ORG_INVALID, ErrorKind.INVALID_REQUEST),
    /** The tenant already has max-concurrent queries running; retry in a moment. */
    CONCURRENCY_LIMITED(ErrorId.QUERY_CONCURRENCY_LIMITED, ErrorKind.RATE_LIMITED),
    /** The tenant has used its budget of Prometheus time so far ahead that this request could not start in time. */
    TIME_LIMITED(ErrorId.QUERY_TIME_LIMITED, ErrorKind.RATE_LIMITED),
    /** Prometheus could not be reached or did not answer in time. */
    BACKEND_UNAVAILABLE(ErrorId.QUERY_BACKEND_UNAVAILABLE, ErrorKind.UNAVAILABLE);

    private final ErrorId errorId;
    private final ErrorKind kind;

    QueryRejectReason(ErrorId errorId, ErrorKind kind) {
        this.errorId = errorId;
        this.kind = kind;
    }

    /** Stable error id, e.g. {@code err-pb-query-invalid}. */
    public ErrorId errorId() {
        return errorId;
    }

    public String id() {
        return errorId.id();
    }

    public ErrorKind kind() {
        return kind;
    }

    /** The refusal the caller gets: this reason's kind and id with {@code message}. */
    public ApiException exception(String message) {
        return new ApiException(kind, errorId, message);
    }
}
