package dev.pulseboard.gateway.ingest.statsd;

/** Either a parsed line or the stable id and message of why it is not one. No exceptions on the hot path. */
public record StatsdParseResult(StatsdLine line, String errorId, String message) {

    static StatsdParseResult ok(StatsdLine line) {
        return new StatsdParseResult(line, null, null);
    }

    static StatsdParseResult error(String errorId, String message) {
        return new StatsdParseResult(null, errorId, message);
    }

    public boolean isOk() {
        return line != null;
    }
}
