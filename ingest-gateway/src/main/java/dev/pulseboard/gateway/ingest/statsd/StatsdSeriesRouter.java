package dev.pulseboard.gateway.ingest.statsd;

/**
 * Splits a packet's lines over the StatsD workers by series: a line's name (with its key prefix) and its DogStatsD tags
 * choose the worker. One client's many series then use every worker, while each series' lines stay in their order on
 * one worker (which is what gauges need: a value, then its changes) and fold into one window there. Runs on the
 * receive thread, so it only scans characters: no parsing, and nothing per line but a copy into its part.
 */
final class StatsdSeriesRouter {
    private StatsdSeriesRouter() {}

    /**
     * The packet's lines by worker: entry {@code w} holds, newline-separated and in packet order, the lines of worker
     * {@code w}, or is null when it has none. A packet whose lines all go to one worker is returned as it is.
     */
    static String[] split(String packet, int workers) {
        String[] out = new String[workers];
        if (workers == 1) {
            out[0] = packet;
            return out;
        }
        StringBuilder[] parts = null;
        int only = -1;
        int len = packet.length();
        int start = 0;
        while (start < len) {
            int end = packet.indexOf('\n', start);
            if (end < 0) {
                end = len;
            }
            if (end > start) {
                int w = Math.floorMod(seriesHash(packet, start, end), workers);
                if (only < 0) {
                    only = w;
                } else if (w != only && parts == null) {
                    parts = new StringBuilder[workers];
                    parts[only] = new StringBuilder(len).append(packet, 0, start - 1); // its lines so far
                }
                if (parts != null) {
                    StringBuilder part = parts[w];
                    if (part == null) {
                        parts[w] = part = new StringBuilder(len / workers + 16);
                    } else if (part.length() > 0) {
                        part.append('\n');
                    }
                    part.append(packet, start, end);
                }
            }
            start = end + 1;
        }
        if (parts == null) {
            if (only >= 0) {
                out[only] = packet;
            }
            return out;
        }
        for (int w = 0; w < workers; w++) {
            out[w] = parts[w] == null ? null : parts[w].toString();
        }
        return out;
    }

    /** A hash of the line's series: the characters before the first ':' and those of its {@code |#} tags section. */
    static int seriesHash(String s, int from, int to) {
        int h = 1;
        int i = from;
        while (i < to && s.charAt(i) != ':') {
            h = 31 * h + s.charAt(i);
            i++;
        }
        for (; i + 1 < to; i++) {
            if (s.charAt(i) == '|' && s.charAt(i + 1) == '#') {
                for (int j = i + 2; j < to && s.charAt(j) != '|'; j++) {
                    h = 31 * h + s.charAt(j);
                }
                break;
            }
        }
        return h;
    }
}
