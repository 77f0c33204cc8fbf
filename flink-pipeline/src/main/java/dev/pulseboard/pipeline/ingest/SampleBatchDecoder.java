package dev.pulseboard.pipeline.ingest;

import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.contract.validation.Rejection;
import dev.pulseboard.contract.validation.SampleValidator;
import dev.pulseboard.contract.validation.TenantLimits;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.WireCodec.DecodeError;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.contract.wire.v1.SampleBatch;
import dev.pulseboard.pipeline.eventtime.WallClock;
import dev.pulseboard.pipeline.telemetry.TenantCounters;
import java.io.Serializable;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * metrics-raw record value (WireCodec frame + {@code SampleBatch}) -> one {@link SampleEvent} per valid sample.
 * Runs inside the Kafka source's deserializer ({@code SampleBatchDeserializer}) so that watermarks are generated per
 * partition on the decoded samples (ADR 002).
 *
 * <p>Never fails on input. A record that does not decode increments {@code recordsUndecodable{reason}} (reason =
 * the {@link DecodeError} id, or {@code err-pb-record-invalid-tenant} for a batch without a valid tenant id) and is skipped.
 * Each sample is re-validated with {@link SampleValidator} (defence in depth: the gateway validated it against an
 * older "now"); a refused sample increments {@code samplesDiscarded{tenant, reason}} and never reaches the
 * windows, the watermarks or the store. This is what keeps one tenant's far-future or far-past sample from
 * making Prometheus reject a whole request or shift the window it accepts for every tenant.
 */
public class SampleBatchDecoder implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Pipeline-local ID: the batch's tenant is not a valid {@link TenantId}, so it cannot be attributed. */
    public static final String INVALID_TENANT = ErrorId.RECORD_INVALID_TENANT.id();

    private static final Logger LOG = LoggerFactory.getLogger(SampleBatchDecoder.class);

    private final TenantLimits limits;
    private final WallClock clock;
    private transient Map<DecodeError, Counter> undecodable;
    private transient Counter invalidTenant;
    private transient Counter samplesAccepted;
    private transient TenantCounters discarded;

    public SampleBatchDecoder(TenantLimits limits, WallClock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** Defaults for every tenant (per-tenant overrides are not distributed to the pipeline yet), system clock. */
    public static SampleBatchDecoder withDefaultLimits() {
        return new SampleBatchDecoder(TenantLimits.defaults(), WallClock.system());
    }

    /** Creates the counters in {@code group}; call once before {@link #decode}. */
    public void open(MetricGroup group) {
        undecodable = new EnumMap<>(DecodeError.class);
        for (DecodeError e : DecodeError.values()) {
            undecodable.put(e, group.addGroup("reason", e.id()).counter("recordsUndecodable"));
        }
        invalidTenant = group.addGroup("reason", INVALID_TENANT).counter("recordsUndecodable");
        samplesAccepted = group.counter("samplesAccepted");
        discarded = new TenantCounters(group, "samplesDiscarded");
    }

    /** @param recordTimestampMs the Kafka record's timestamp (the gateway's produce time), 0 when unknown */
    public void decode(byte[] value, long recordTimestampMs, Collector<SampleEvent> out) {
        WireCodec.Decoded<SampleBatch> decoded = WireCodec.decode(value, SampleBatch.parser());
        if (!decoded.isOk()) {
            undecodable.get(decoded.error()).inc();
            LOG.debug("skipped metrics-raw record: {}", decoded.error().id());
            return;
        }
        SampleBatch batch = decoded.message();
        String tenant = batch.getTenant();
        if (!TenantId.isValid(tenant)) {
            invalidTenant.inc();
            LOG.debug("skipped metrics-raw batch without a valid tenant id");
            return;
        }
        // Timestamps are judged against the gateway's receive time (never later than the wall clock): a backlog
        // in Kafka or in this job must not turn valid samples into too-old ones.
        long wall = clock.nowMs();
        long receivedAt = batch.getReceivedAtMs();
        long now = receivedAt > 0 ? Math.min(receivedAt, wall) : wall;
        for (Sample sample : batch.getSamplesList()) {
            Rejection rejection = SampleValidator.validate(sample, limits.limitsFor(tenant), now);
            if (rejection != null) {
                discarded.inc(tenant, rejection.id());
                continue;
            }
            samplesAccepted.inc();
            out.collect(SampleEvents.of(tenant, sample, recordTimestampMs));
        }
    }
}
