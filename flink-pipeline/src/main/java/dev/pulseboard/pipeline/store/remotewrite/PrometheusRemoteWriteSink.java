package dev.pulseboard.pipeline.store.remotewrite;

import dev.pulseboard.pipeline.aggregation.TenantAggregate;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Sink V2 writing window aggregates to a Prometheus remote-write 1.0 endpoint (Prometheus, Thanos Receive, ...).
 * At-least-once when checkpointing is on (exactly-once in effect: a replay rewrites identical samples, ADR 005); see
 * {@link RemoteWriteSinkWriter} for batching and failure handling and {@link RemoteWriteCodec} for the series written.
 * With {@link StoreProgressOptions}, each subtask also publishes how far it has written ({@link StoreProgressPublisher}).
 */
public class PrometheusRemoteWriteSink implements Sink<TenantAggregate> {
    private final RemoteWriteOptions options;
    /** null = no progress published */
    private final StoreProgressOptions progress;

    public PrometheusRemoteWriteSink(RemoteWriteOptions options) {
        this(options, null);
    }

    public PrometheusRemoteWriteSink(RemoteWriteOptions options, StoreProgressOptions progress) {
        this.options = options;
        this.progress = progress;
    }

    @Override
    public SinkWriter<TenantAggregate> createWriter(WriterInitContext context) {
        TaskInfo task = context.getTaskInfo();
        WrittenThrough writtenThrough = progress == null
                ? WrittenThrough.NONE
                : new StoreProgressPublisher(
                        progress,
                        task.getIndexOfThisSubtask(),
                        task.getNumberOfParallelSubtasks(),
                        System::currentTimeMillis);
        return new RemoteWriteSinkWriter(
                options,
                new RemoteWriteClient(options),
                context.getMailboxExecutor(),
                context.getProcessingTimeService(),
                context.metricGroup(),
                writtenThrough);
    }
}
