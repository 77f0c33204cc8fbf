package dev.pulseboard.pipeline;

import dev.pulseboard.pipeline.ingest.RawBatch;
import dev.pulseboard.pipeline.kafka.KafkaConnectors;
import dev.pulseboard.pipeline.limits.LimitsProvider;
import org.apache.flink.api.connector.source.Source;

/**
 * What the job reads; tests swap any of them.
 *
 * @param raw         metrics-raw records with their broker append times (the ingestion clock, ADR 005)
 * @param parallelism subtasks of the source: at most the partitions of metrics-raw (a subtask without a partition
 *                    would hold the watermark back); 0 = the job's parallelism
 * @param limits      the per-tenant limits (the tenant-limits topic in production)
 */
public record PipelineSources(Source<RawBatch, ?, ?> raw, int parallelism, LimitsProvider limits) {

    public static PipelineSources production(PipelineOptions o, int jobParallelism) {
        int partitions = KafkaConnectors.rawPartitions(o.kafka());
        return new PipelineSources(
                KafkaConnectors.rawSource(o.kafka()),
                Math.min(partitions, jobParallelism),
                LimitsProvider.topic(o.kafka().bootstrapServers(), o.kafka().limitsTopic()));
    }
}
