package dev.pulseboard.query.promql;

import java.util.List;

/** Outcome of scoping a query to a tenant: the text to send to Prometheus, or why nothing may be sent. */
public sealed interface RewriteResult {

    /**
     * @param subqueries every subquery of the query, for the points limit (see {@link SubquerySteps})
     * @param stepLocal the value at each step depends only on that step, not on the request's range (no {@code @},
     *     {@code start()}, {@code end()} or negative offset; see {@link StepLocality}): a range may be split and cached
     */
    record Rewritten(String query, List<Subquery> subqueries, boolean stepLocal) implements RewriteResult {
        /** The steps the subqueries make Prometheus evaluate when the query covers {@code queryRangeMs}. */
        public long subquerySteps(long queryRangeMs) {
            return SubquerySteps.steps(subqueries, queryRangeMs);
        }
    }

    /** A subquery: the window it covers beyond the query's own range (its range plus its parents'), and its step. */
    record Subquery(long spanMs, long stepMs) {}

    record Rejected(QueryRejection rejection) implements RewriteResult {}
}
