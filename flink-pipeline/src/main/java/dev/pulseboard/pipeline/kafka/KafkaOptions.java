package dev.pulseboard.pipeline.kafka;

import java.io.Serializable;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Kafka side of the pipeline's options (see {@code PipelineOptions} for flags and defaults).
 *
 * @param bootstrapServers      {@code host:port[,host:port]}
 * @param groupId               consumer group of the metrics-raw source; offsets are committed on checkpoints
 * @param rawTopic              input topic (metrics-raw); the job also appends its watermark ticks to it
 * @param aggTopic              output topic of the aggregates (metrics-agg)
 * @param lateTopic             output topic of the samples past their allowed lateness (metrics-late)
 * @param limitsTopic           compacted topic of per-tenant limit overrides (tenant-limits)
 * @param progressTopic         compacted topic where the store writers publish how far they have written
 *                              (store-progress); empty = not published
 * @param startingOffsets       where a consumer group without committed offsets starts
 * @param deliveryGuarantee     metrics-agg sink guarantee; EXACTLY_ONCE needs checkpointing and uses transactions
 * @param transactionalIdPrefix prefix of the sink's transactional ids (EXACTLY_ONCE only); unique per job
 */
public record KafkaOptions(
        String bootstrapServers,
        String groupId,
        String rawTopic,
        String aggTopic,
        String lateTopic,
        String limitsTopic,
        String progressTopic,
        StartingOffsets startingOffsets,
        DeliveryGuarantee deliveryGuarantee,
        String transactionalIdPrefix)
        implements Serializable {

    /** Start position of a consumer group that has no committed offsets (or of any group for EARLIEST/LATEST). */
    public enum StartingOffsets {
        /** committed offsets, else the earliest retained record */
        COMMITTED_OR_EARLIEST,
        /** committed offsets, else only new records */
        COMMITTED_OR_LATEST,
        EARLIEST,
        LATEST
    }
}
