package dev.pulseboard.gateway.ingest.statsd;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Cuts a TCP byte stream into whole StatsD lines: each read yields the text up to its last newline (every complete
 * line, decoded as UTF-8 only once whole, so a multi-byte character split across reads survives) and keeps the rest
 * for the next read. A partial line longer than the limit marks the stream overflowed. One instance per connection;
 * used on its event loop only.
 */
final class StatsdTcpLines {
    private final int maxLineLength;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean overflowed;

    StatsdTcpLines(int maxLineLength) {
        this.maxLineLength = maxLineLength;
    }

    /** The complete lines this read finished (newline-separated), or null if it finished none. */
    String append(Buffer buffer) {
        byte[] bytes = buffer.getBytes();
        int lastNewline = -1;
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                lastNewline = i;
                break;
            }
        }
        if (lastNewline < 0) {
            pending.write(bytes, 0, bytes.length);
            overflowed = pending.size() > maxLineLength;
            return null;
        }
        pending.write(bytes, 0, lastNewline);
        String complete = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        pending.write(bytes, lastNewline + 1, bytes.length - lastNewline - 1);
        overflowed = pending.size() > maxLineLength;
        return complete;
    }

    boolean overflowed() {
        return overflowed;
    }

    /** What is left when the connection ends: a last line without a newline. */
    String rest() {
        String rest = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        return rest;
    }
}
