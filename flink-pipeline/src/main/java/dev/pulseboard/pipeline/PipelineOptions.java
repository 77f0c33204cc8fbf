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
 * @param maxWatermarkLag    a sample is on time when metrics-raw appended it before its window's end plus this; each
 *                           window is written this long after it ends (ADR 005); 0 = at once
 * @param allowedLateness    a sample appended up to this much later still counts, in the window it arrived in; later
 *                           ones go to metrics-late; 0 = none
 * @param staleAfter         a series without samples for this long stops being written and later leaves state
 * @param tickInterval       how often the job appends a watermark tick to every metrics-raw partition; 0 = never (only
 *                           for tests that write their own ticks)
 * @param checkpointInterval checkpoint period; 0 = no checkpoints (then no delivery guarantee)
 * @param checkpointDir      checkpoint storage URI, e.g. {@code file:///var/lib/pulseboard/checkpoints}
 * @param restore            {@code latest}: start from the newest completed checkpoint in {@code checkpointDir} (after
 *                           a crash or kill -9), if any; {@code none}: start fresh
 * @param parallelism        job parallelism; 0 = Flink's default (number of cores on the embedded MiniCluster)
 * @param restPort           port of the embedded MiniCluster's REST API on 127.0.0.1 (job status); 0 = a free one
 * @param cluster            {@code host:port} of a Flink cluster's REST API to submit to; empty = run embedded
 * @param jobJar             the job jar shipped to {@code cluster} (this class's own jar when empty)
 */
public record PipelineOptions(
        KafkaOptions kafka,
        RemoteWriteOptions remoteWrite,
        Duration maxWatermarkLag,
        Duration allowedLateness,
        Duration staleAfter,
        Duration tickInterval,
        Duration checkpointInterval,
        String checkpointDir,
        String restore,
        int parallelism,
        int restPort,
        String cluster,
        String jobJar) {

    public static PipelineOptions parse(String[] args, Map<String, String> env) {
        CommandLine cl = new CommandLine(args, env);
        KafkaOptions kafka = new KafkaOptions(
                cl.string("bootstrap", "127.0.0.1:19092"),
                cl.string("group", "pulseboard-pipeline"),
                cl.string("raw-topic", Topics.METRICS_RAW),
                cl.string("agg-topic", Topics.METRICS_AGG),
                cl.string("late-topic", Topics.METRICS_LATE),
                cl.string("limits-topic", Topics.TENANT_LIMITS),
                cl.string("progress-topic", Topics.STORE_PROGRESS),
                cl.choice("starting-offsets", StartingOffsets.COMMITTED_OR_EARLIEST, StartingOffsets.class),
                cl.choice("delivery-guarantee", DeliveryGuarantee.AT_LEAST_ONCE, DeliveryGuarantee.class),
                cl.string("transactional-id-prefix", "pulseboard-pipeline"));
        RemoteWriteOptions remoteWrite = new RemoteWriteOptions(
                cl.string("remote-write", "http://127.0.0.1:19090/api/v1/write"),
                cl.integer("remote-write-batch-samples", 2000, 1),
                cl.millis("remote-write-flush-ms", 1000),
                cl.millis("remote-write-timeout-ms", 5000),
                cl.millis("remote-write-max-retry-ms", 120_000),
                cl.millis("remote-write-initial-backoff-ms", 100),
                cl.millis("remote-write-max-backoff-ms", 5000),
                cl.integer("remote-write-max-in-flight", 8, 1),
                cl.integer("remote-write-lanes-per-tenant", 4, 1),
                cl.string("remote-write-tenant-header", ""));
        String restore = cl.string("restore", "latest");
        if (!restore.equals("latest") && !restore.equals("none")) {
            throw new IllegalArgumentException("--restore must be latest or none, got '" + restore + "'");
        }
        PipelineOptions options = new PipelineOptions(
                kafka,
                remoteWrite,
                cl.millis("max-watermark-lag-ms", 400),
                cl.millis("allowed-lateness-ms", 60_000),
                cl.millis("stale-after-ms", 300_000),
                cl.millis("tick-interval-ms", 100),
                cl.millis("checkpoint-interval-ms", 1000),
                cl.string("checkpoint-dir", "file:///tmp/pulseboard-pipeline/checkpoints"),
                restore,
                cl.integer("parallelism", 0, 0),
                cl.integer("rest-port", 0, 0),
                cl.string("cluster", ""),
                cl.string("job-jar", ""));
        cl.rejectUnknown();
        return options;
    }

    /** Returns a copy with other Kafka settings (tests point the job at their own cluster and topics). */
    public PipelineOptions withKafka(KafkaOptions k) {
        return new PipelineOptions(
                k,
                remoteWrite,
                maxWatermarkLag,
                allowedLateness,
                staleAfter,
                tickInterval,
                checkpointInterval,
                checkpointDir,
                restore,
                parallelism,
                restPort,
                cluster,
                jobJar);
    }
}
