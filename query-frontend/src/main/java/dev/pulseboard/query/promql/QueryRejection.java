package dev.pulseboard.query.promql;

/**
 * A typed refusal on the read path. {@code line}/{@code column} (1-based) locate a syntax error in the query and
 * are 0 when the rejection is not about a position.
 */
public record QueryRejection(QueryRejectReason reason, String message, int line, int column) {

    public static QueryRejection of(QueryRejectReason reason, String message) {
        return new QueryRejection(reason, message, 0, 0);
    }

    public boolean hasPosition() {
        return line > 0;
    }

    /** {@code err-pb-query-invalid: 1:7: unexpected ')'}: the text shown to users in Grafana's error box. */
    public String describe() {
        String where = hasPosition() ? line + ":" + column + ": " : "";
        return reason.id() + ": " + where + message;
    }
}
