package dev.pulseboard.contract.wire;

import java.util.Map;

/**
 * What a Kafka topic of the data plane must look like: the settings the design depends on (see {@link Topics}).
 * The stack's provisioner and every test fixture create topics from these, so a setting lives in one place.
 *
 * @param name       topic name
 * @param partitions number of partitions
 * @param configs    topic-level configuration (e.g. {@code message.timestamp.type=LogAppendTime})
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {
    public TopicSpec {
        if (partitions < 1) {
            throw new IllegalArgumentException("a topic needs at least one partition: " + name);
        }
        configs = Map.copyOf(configs);
    }

    /** The same topic with another partition count (tests use fewer partitions than the stack). */
    public TopicSpec withPartitions(int n) {
        return new TopicSpec(name, n, configs);
    }
}
