package dev.pulseboard.pipeline.store.remotewrite;

import java.io.Serializable;
import java.time.Duration;

/**
 * Where a remote-write sink reports how far it has written (the store-progress topic, {@code StoreProgress}).
 *
 * @param bootstrapServers Kafka
 * @param topic            the compacted store-progress topic
 * @param stream           this sink's stream, 0 .. streams - 1
 * @param streams          how many remote-write sinks the job has: a reader waits for all of them
 * @param interval         a subtask publishes at most this often (the newest time when it does)
 */
public record StoreProgressOptions(String bootstrapServers, String topic, int stream, int streams, Duration interval)
        implements Serializable {

    public StoreProgressOptions {
        if (stream < 0 || stream >= streams) {
            throw new IllegalArgumentException("stream " + stream + " is not one of 0.." + (streams - 1));
        }
    }
}
