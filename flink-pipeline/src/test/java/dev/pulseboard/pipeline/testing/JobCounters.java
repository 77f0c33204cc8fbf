package dev.pulseboard.pipeline.testing;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;

/** Flink counters of a running job, read from an {@link InMemoryReporter} the MiniCluster was configured with. */
public final class JobCounters {
    private JobCounters() {}

    /** The sum over all subtasks of {@code job}'s counters whose identifier ends with {@code suffix}. */
    public static long sum(InMemoryReporter metrics, JobClient job, String suffix) {
        long sum = 0;
        String jobId = job.getJobID().toString();
        for (var group : metrics.getMetricsByGroup().entrySet()) {
            if (!jobId.equals(group.getKey().getAllVariables().get("<job_id>"))) {
                continue;
            }
            for (var metric : group.getValue().entrySet()) {
                if (metric.getValue() instanceof Counter c
                        && group.getKey().getMetricIdentifier(metric.getKey()).endsWith(suffix)) {
                    sum += c.getCount();
                }
            }
        }
        return sum;
    }
}
