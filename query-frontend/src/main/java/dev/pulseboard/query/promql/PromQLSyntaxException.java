package dev.pulseboard.query.promql;

/** The first syntax error in a query, with its 1-based position; carries no stack trace (it is control flow). */
final class PromQLSyntaxException extends RuntimeException {
    private final int line;
    private final int column;

    PromQLSyntaxException(int line, int column, String message) {
        super(message, null, false, false);
        this.line = line;
        this.column = column;
    }

    QueryRejection toRejection() {
        return new QueryRejection(QueryRejectReason.INVALID, getMessage(), line, column);
    }
}
