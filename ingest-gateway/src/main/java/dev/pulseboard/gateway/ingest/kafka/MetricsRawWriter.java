package dev.pulseboard.gateway.ingest.kafka;

import dev.pulseboard.contract.limits.HistogramBuckets;
import dev.pulseboard.contract.wire.RecordKeys;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes one tenant's validated samples to metrics-raw: key {@code "<tenant>/<shard>"}, value WireCodec frame v1 +
 * SampleBatch (one tenant, one shard per record; see metrics.proto). Samples are cut into chunks of at most
 * {@code kafka.max-samples-per-record} first, so no record outgrows max.request.size; a series' samples stay in
 * order because they go to one partition of an idempotent producer. Within a chunk, a series' several samples of one
 * window travel folded into one {@code SeriesWindow} ({@code kafka.fold-windows}, ADR 005).
 *
 * <p>The returned future completes when Kafka acknowledged EVERY record, or exceptionally with the first failure.
 *
 * <p>{@code pulseboard_ingest_append_delay_seconds}: from the gateway's receive time to the record's timestamp in
 * Kafka (the broker's append time, metrics-raw being LogAppendTime). The pipeline's lateness is measured on that
 * clock (ADR 002): a sample whose delay exceeds the watermark lag misses its 1 s window.
 */
@ApplicationScoped
public class MetricsRawWriter {
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final int maxSamplesPerRecord;
    private final boolean foldWindows;
    private final Timer appendDelay;

    @Inject
    public MetricsRawWriter(Producer<byte[], byte[]> producer, GatewayConfig config, MeterRegistry registry) {
        this(
                producer,
                config.kafka().topic(),
                config.kafka().maxSamplesPerRecord(),
                config.kafka().foldWindows(),
                registry);
    }

    public MetricsRawWriter(
            Producer<byte[], byte[]> producer,
            String topic,
            int maxSamplesPerRecord,
            boolean foldWindows,
            MeterRegistry registry) {
        this.producer = producer;
        this.topic = topic;
        this.maxSamplesPerRecord = maxSamplesPerRecord;
        this.foldWindows = foldWindows;
        this.appendDelay = Timer.builder("pulseboard.ingest.append.delay")
                .description("gateway receive time to the metrics-raw record's Kafka timestamp")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    /** Writes {@code samples}; {@code bounds} are the tenant's histogram bucket bounds (what windows fold with). */
    public CompletableFuture<Void> write(
            String tenant, List<Sample> samples, String source, long receivedAtMs, HistogramBuckets bounds) {
        if (samples.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<RecordKeys.KeyedBatch> batches = new ArrayList<>();
        for (int from = 0; from < samples.size(); from += maxSamplesPerRecord) {
            List<Sample> chunk = samples.subList(from, Math.min(samples.size(), from + maxSamplesPerRecord));
            batches.addAll(
                    foldWindows
                            ? RecordKeys.foldedByShard(tenant, chunk, source, receivedAtMs, bounds)
                            : RecordKeys.batchByShard(tenant, chunk, source, receivedAtMs));
        }
        return write(batches, receivedAtMs);
    }

    /** Writes batches built elsewhere (an {@code EdgeFold} held across StatsD packets), one record each. */
    public CompletableFuture<Void> write(List<RecordKeys.KeyedBatch> batches, long receivedAtMs) {
        List<RecordKeys.EncodedRecord> records = new ArrayList<>(batches.size());
        for (RecordKeys.KeyedBatch kb : batches) {
            records.add(new RecordKeys.EncodedRecord(kb.key(), WireCodec.encode(kb.batch())));
        }
        return writeEncoded(records, receivedAtMs);
    }

    /** Writes records encoded elsewhere (remote-write's fast path); the future as {@link #write}'s. */
    public CompletableFuture<Void> writeEncoded(List<RecordKeys.EncodedRecord> records, long receivedAtMs) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(records.size());
        for (RecordKeys.EncodedRecord r : records) {
            acks.add(send(new ProducerRecord<>(topic, r.key(), r.value()), receivedAtMs));
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
    }

    /** Samples and windows per record at most ({@code kafka.max-samples-per-record}). */
    public int maxEntriesPerRecord() {
        return maxSamplesPerRecord;
    }

    /** Whether a series' several samples of a window travel folded ({@code kafka.fold-windows}). */
    public boolean foldsWindows() {
        return foldWindows;
    }

    private CompletableFuture<Void> send(ProducerRecord<byte[], byte[]> record, long receivedAtMs) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        try {
            // the callback completes `ack`; send()'s own future would only repeat what the callback sees
            var unused = producer.send(record, (metadata, failure) -> {
                if (failure == null) {
                    if (metadata.hasTimestamp()) {
                        appendDelay.record(Math.max(0, metadata.timestamp() - receivedAtMs), TimeUnit.MILLISECONDS);
                    }
                    ack.complete(null);
                } else {
                    ack.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException e) {
            // send() throws for metadata timeouts and a closed producer in some client versions.
            ack.completeExceptionally(e);
        }
        return ack;
    }
}
