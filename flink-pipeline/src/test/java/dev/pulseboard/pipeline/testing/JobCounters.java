package dev.pulseboard.pipeline.testing;

import java.util.function.ToLongFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;

/** Flink metrics of a running job, read from an {@link InMemoryReporter} the MiniCluster was configured with. */
public final class JobCounters {
    private JobCounters() {}

    /** The sum over all subtasks of {@code job}'s counters whose identifier ends with {@code suffix}. */
    public static long sum(InMemoryReporter metrics, JobClient job, String suffix) {
        return sum(metrics, job, suffix, m -> m instanceof Counter c ? c.getCount() : 0);
    }

    /** The sum of {@code job}'s numeric gauges whose identifier ends with {@code suffix} (for example numRestarts). */
    public static long gauge(InMemoryReporter metrics, JobClient job, String suffix) {
        return sum(
                metrics,
                job,
                suffix,
                m -> m instanceof Gauge<?> g && g.getValue() instanceof Number n ? n.longValue() : 0);
    }

    private static long sum(InMemoryReporter metrics, JobClient job, String suffix, ToLongFunction<Metric> value) {
        long sum = 0;
        String jobId = job.getJobID().toString();
        for (var group : metrics.getMetricsByGroup().entrySet()) {
            if (!jobId.equals(group.getKey().getAllVariables().get("<job_id>"))) {
                continue;
            }
            for (var metric : group.getValue().entrySet()) {
                if (group.getKey().getMetricIdentifier(metric.getKey()).endsWith(suffix)) {
                    sum += value.applyAsLong(metric.getValue());
                }
            }
        }
        return sum;
    }
}
