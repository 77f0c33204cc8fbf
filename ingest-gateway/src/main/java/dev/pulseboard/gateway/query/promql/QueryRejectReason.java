package dev.pulseboard.gateway.query.promql;

/**
 * Why the read path refused a request before (or instead of) asking Prometheus. Each reason has a stable error id,
 * documented in docs/errors.md, and the HTTP status the query API answers with.
 */
public enum QueryRejectReason {
    /** The query (or a match[] selector) is not PromQL this gateway can parse. */
    INVALID("err-pb-query-invalid", 400, "bad_data"),
    /** The query names a tenant other than the caller's, or matches the tenant label in any other way. */
    OTHER_TENANT("err-pb-query-other-tenant", 403, "forbidden"),
    /** The query text is longer than the tenant's max-query-length. */
    TOO_LONG("err-pb-query-too-long", 400, "bad_data"),
    /** end - start of a range query is longer than the tenant's max-range. */
    RANGE_TOO_LONG("err-pb-query-range-too-long", 400, "bad_data"),
    /** (end - start) / step + 1 is more than the tenant's max-points. */
    TOO_MANY_POINTS("err-pb-query-too-many-points", 400, "bad_data"),
    /** No credential, an unknown ingest key or a wrong internal token. */
    UNAUTHENTICATED("err-pb-query-unauthenticated", 401, "unauthorized"),
    /** Prometheus could not be reached or did not answer within the tenant's timeout. */
    BACKEND_UNAVAILABLE("err-pb-query-backend-unavailable", 503, "unavailable");

    private final String id;
    private final int status;
    private final String errorType;

    QueryRejectReason(String id, int status, String errorType) {
        this.id = id;
        this.status = status;
        this.errorType = errorType;
    }

    /** Stable error id, e.g. {@code err-pb-query-invalid}. */
    public String id() {
        return id;
    }

    public int httpStatus() {
        return status;
    }

    /** The Prometheus API {@code errorType} clients such as Grafana expect next to {@code error}. */
    public String errorType() {
        return errorType;
    }
}
