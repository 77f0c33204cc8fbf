package dev.pulseboard.pipeline.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

/** A metric group that keeps its counters by dotted path ({@code key.value.name}) so unit tests can read them. */
public final class RecordingMetricGroup extends UnregisteredMetricsGroup {
    private final Map<String, Counter> counters;
    private final String prefix;

    public RecordingMetricGroup() {
        this(new ConcurrentHashMap<>(), "");
    }

    private RecordingMetricGroup(Map<String, Counter> counters, String prefix) {
        this.counters = counters;
        this.prefix = prefix;
    }

    @Override
    public Counter counter(String name) {
        return counters.computeIfAbsent(prefix + name, k -> new SimpleCounter());
    }

    @Override
    public MetricGroup addGroup(String name) {
        return new RecordingMetricGroup(counters, prefix + name + ".");
    }

    @Override
    public MetricGroup addGroup(String key, String value) {
        return new RecordingMetricGroup(counters, prefix + key + "." + value + ".");
    }

    /** Count of the counter at {@code path}, 0 if it was never created. */
    public long count(String path) {
        Counter c = counters.get(path);
        return c == null ? 0 : c.getCount();
    }
}
