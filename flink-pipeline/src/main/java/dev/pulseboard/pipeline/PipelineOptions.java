package dev.pulseboard.pipeline;

import dev.pulseboard.contract.wire.Topics;
import dev.pulseboard.pipeline.kafka.KafkaOptions;
import dev.pulseboard.pipeline.kafka.KafkaOptions.StartingOffsets;
import dev.pulseboard.pipeline.store.remotewrite.RemoteWriteOptions;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * The job's configuration, parsed once from arguments and environment (see {@link CommandLine}; every flag and its
 * default is listed in docs/pipeline.md). Durations are given in milliseconds on the command line.
 *
 * @param maxWatermarkLag    the watermark is the ingestion clock minus this (ADR 002): a sample is on time when it
 *                           reached the gateway within this after its window ended, and each window is emitted
 *                           this long after it ends; 0 = windows close the moment the ingestion clock passes them
 * @param idleTimeout        a partition without events for this long (while the source is not backpressured) is
 *                           quiet: its watermark follows the wall clock; 0 = immediately
 * @param checkpointInterval checkpoint period; 0 = no checkpoints (then no at-least-once guarantee)
 * @param checkpointDir      checkpoint storage URI, e.g. {@code file:///var/lib/pulseboard/checkpoints}
 * @param parallelism        job parallelism; 0 = Flink's default (number of cores on the embedded MiniCluster)
 */
public record PipelineOptions(
        KafkaOptions kafka,
        RemoteWriteOptions remoteWrite,
        Duration maxWatermarkLag,
        Duration idleTimeout,
        Duration checkpointInterval,
        String checkpointDir,
        int parallelism) {

    public static PipelineOptions parse(String[] args, Map<String, String> env) {
        CommandLine cl = new CommandLine(args, env);
        KafkaOptions kafka = new KafkaOptions(
                cl.string("bootstrap", "127.0.0.1:19092"),
                cl.string("group", "pulseboard-pipeline"),
                cl.string("raw-topic", Topics.METRICS_RAW),
                cl.string("agg-topic", Topics.METRICS_AGG),
                cl.choice("starting-offsets", StartingOffsets.COMMITTED_OR_EARLIEST, StartingOffsets.class),
                cl.choice("delivery-guarantee", DeliveryGuarantee.AT_LEAST_ONCE, DeliveryGuarantee.class),
                cl.string("transactional-id-prefix", "pulseboard-pipeline"));
        RemoteWriteOptions remoteWrite = new RemoteWriteOptions(
                cl.string("remote-write", "http://127.0.0.1:19090/api/v1/write"),
                cl.integer("remote-write-batch-samples", 5000, 5),
                cl.millis("remote-write-flush-ms", 1000),
                cl.millis("remote-write-timeout-ms", 5000),
                cl.integer("remote-write-max-attempts", 10, 1),
                cl.millis("remote-write-initial-backoff-ms", 100),
                cl.millis("remote-write-max-backoff-ms", 5000),
                cl.string("remote-write-tenant-header", ""));
        PipelineOptions options = new PipelineOptions(
                kafka,
                remoteWrite,
                cl.millis("max-watermark-lag-ms", 1000),
                cl.millis("idle-timeout-ms", 10000),
                cl.millis("checkpoint-interval-ms", 1000),
                cl.string("checkpoint-dir", "file:///tmp/pulseboard-pipeline/checkpoints"),
                cl.integer("parallelism", 0, 0));
        cl.rejectUnknown();
        return options;
    }

    /** Returns a copy with other Kafka settings (tests point the job at their own cluster and topics). */
    public PipelineOptions withKafka(KafkaOptions k) {
        return new PipelineOptions(
                k, remoteWrite, maxWatermarkLag, idleTimeout, checkpointInterval, checkpointDir, parallelism);
    }
}
