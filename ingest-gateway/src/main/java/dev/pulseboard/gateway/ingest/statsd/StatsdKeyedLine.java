package dev.pulseboard.gateway.ingest.statsd;

import dev.pulseboard.contract.tenant.IngestKeys;

/**
 * Splits the ingest key off a StatsD line. Contract with clients: the key is the first dot-separated segment of
 * the metric name, i.e. the client is configured with the prefix {@code pbk_<40 hex>.} — something every StatsD
 * client can do. {@code key} is null when the name does not start with {@code pbk_}; a {@code pbk_} segment that is
 * not well-formed is still returned as the key (and then refused as invalid credentials). {@code rest} is the
 * line without the key segment. Neither part is ever logged.
 */
public record StatsdKeyedLine(String key, String rest) {

    public static StatsdKeyedLine split(String line) {
        if (!line.startsWith(IngestKeys.PREFIX)) {
            return new StatsdKeyedLine(null, line);
        }
        int dot = line.indexOf('.');
        int colon = line.indexOf(':');
        if (dot < 0 || (colon >= 0 && colon < dot)) {
            // "pbk_<hex>:1|c": a key with no metric name after it; refuse the key, keep nothing of it.
            return new StatsdKeyedLine(line.substring(0, colon < 0 ? line.length() : colon), "");
        }
        return new StatsdKeyedLine(line.substring(0, dot), line.substring(dot + 1));
    }
}
