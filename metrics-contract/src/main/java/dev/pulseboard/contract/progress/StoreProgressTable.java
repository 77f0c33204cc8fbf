package dev.pulseboard.contract.progress;

import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.StoreProgress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The store-progress topic read back: the latest {@link StoreProgress} of every store writer of the pipeline, and from
 * them the time up to which the store's answers are final. Safe by construction: the answer is the least
 * written-through time over every subtask of every stream the newest records name, and none at all while one of them
 * has not reported, so a missing, stalled or restarting writer can only hold the time back, never move it past data
 * still to come. Records of a former layout (a subtask or stream the newest records no longer count) are ignored; a
 * record that does not decode is skipped. Thread-safe.
 */
public final class StoreProgressTable {
    private final Map<String, StoreProgress> byKey = new HashMap<>();

    /** The record key of one writer: {@code <stream>/<subtask>}. */
    public static String key(int stream, int subtask) {
        return stream + "/" + subtask;
    }

    /**
     * Applies one record of the topic ({@code value} null = tombstone); false when the value did not decode (the
     * record is then skipped: the writer's previous record, if any, stays).
     */
    public synchronized boolean apply(byte[] key, byte[] value) {
        String k = new String(key, StandardCharsets.UTF_8);
        if (value == null) {
            byKey.remove(k);
            return true;
        }
        WireCodec.Decoded<StoreProgress> decoded = WireCodec.decode(value, StoreProgress.parser());
        if (decoded.message() == null) {
            return false;
        }
        byKey.put(k, decoded.message());
        return true;
    }

    /**
     * Every sample stamped at or before the returned time (ms since the epoch) is in the store; empty while not every
     * writer of the newest layout has reported.
     */
    public synchronized OptionalLong writtenThrough() {
        StoreProgress newest = null;
        for (StoreProgress p : byKey.values()) {
            if (newest == null || p.getPublishedMs() > newest.getPublishedMs()) {
                newest = p;
            }
        }
        if (newest == null || newest.getStreams() < 1) {
            return OptionalLong.empty();
        }
        long least = Long.MAX_VALUE;
        for (int stream = 0; stream < newest.getStreams(); stream++) {
            OptionalLong ofStream = writtenThrough(stream);
            if (ofStream.isEmpty()) {
                return OptionalLong.empty();
            }
            least = Math.min(least, ofStream.getAsLong());
        }
        return OptionalLong.of(least);
    }

    /** The least written-through time of the stream's subtasks, as many as its newest record says it has. */
    private OptionalLong writtenThrough(int stream) {
        StoreProgress newest = null;
        for (StoreProgress p : byKey.values()) {
            if (p.getStream() == stream && (newest == null || p.getPublishedMs() > newest.getPublishedMs())) {
                newest = p;
            }
        }
        if (newest == null || newest.getParallelism() < 1) {
            return OptionalLong.empty();
        }
        long least = Long.MAX_VALUE;
        for (int subtask = 0; subtask < newest.getParallelism(); subtask++) {
            StoreProgress p = byKey.get(key(stream, subtask));
            if (p == null || p.getStream() != stream || p.getSubtask() != subtask) {
                return OptionalLong.empty();
            }
            least = Math.min(least, p.getWrittenThroughMs());
        }
        return OptionalLong.of(least);
    }
}
