package dev.pulseboard.query.promql;

/** Outcome of scoping a query to a tenant: the text to send to Prometheus, or why nothing may be sent. */
public sealed interface RewriteResult {

    record Rewritten(String query) implements RewriteResult {}

    record Rejected(QueryRejection rejection) implements RewriteResult {}
}
