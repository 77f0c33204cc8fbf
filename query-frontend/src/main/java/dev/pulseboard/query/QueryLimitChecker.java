package dev.pulseboard.query;

import dev.pulseboard.query.promql.QueryRejectReason;
import dev.pulseboard.query.promql.QueryRejection;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Pure checks of a request against a tenant's {@link QueryLimits}; each failure is a typed rejection whose message
 * names the tenant's limit (a field of its limits in tenant-service, ADR 014) that the request is over.
 */
final class QueryLimitChecker {

    private QueryLimitChecker() {}

    static Optional<QueryRejection> length(String tenant, String query, QueryLimits limits) {
        int max = limits.maxQueryLength();
        if (max > 0 && query != null && query.length() > max) {
            return reject(
                    QueryRejectReason.TOO_LONG,
                    "the query is " + query.length() + " characters, more than " + "query_max_length " + max,
                    tenant,
                    "query_max_length");
        }
        return Optional.empty();
    }

    /** Absent start/end/step are not checked here: Prometheus applies its own defaults or answers 400. */
    static Optional<QueryRejection> range(
            String tenant,
            Optional<Instant> start,
            Optional<Instant> end,
            Optional<Duration> step,
            QueryLimits limits) {
        if (start.isEmpty() || end.isEmpty() || end.get().isBefore(start.get())) {
            return Optional.empty();
        }
        Duration range = Duration.between(start.get(), end.get());
        Duration max = limits.maxRange();
        if (!max.isZero() && range.compareTo(max) > 0) {
            return reject(
                    QueryRejectReason.RANGE_TOO_LONG,
                    "the time range is " + range + ", longer than query_max_range_ms " + max.toMillis(),
                    tenant,
                    "query_max_range_ms");
        }
        if (step.isPresent() && step.get().toMillis() > 0 && limits.maxPoints() > 0) {
            long points = range.toMillis() / step.get().toMillis() + 1;
            if (points > limits.maxPoints()) {
                return reject(
                        QueryRejectReason.TOO_MANY_POINTS,
                        "the query asks for " + points + " points per " + "series, more than query_max_points "
                                + limits.maxPoints() + "; use a larger step",
                        tenant,
                        "query_max_points");
            }
        }
        return Optional.empty();
    }

    /** The steps the query's subqueries evaluate together (see SubquerySteps) count against query_max_points too. */
    static Optional<QueryRejection> subquerySteps(String tenant, long steps, QueryLimits limits) {
        if (limits.maxPoints() > 0 && steps > limits.maxPoints()) {
            return reject(
                    QueryRejectReason.TOO_MANY_POINTS,
                    "its subqueries make Prometheus evaluate "
                            + (steps == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : Long.toString(steps))
                            + " steps, more than query_max_points " + limits.maxPoints()
                            + "; use a larger subquery step or a shorter range",
                    tenant,
                    "query_max_points");
        }
        return Optional.empty();
    }

    private static Optional<QueryRejection> reject(
            QueryRejectReason reason, String problem, String tenant, String limit) {
        return Optional.of(QueryRejection.of(
                reason,
                problem + " (limit " + limit + " of tenant " + tenant + "; an owner can see it at /api/limits)"));
    }
}
