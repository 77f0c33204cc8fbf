package dev.pulseboard.pipeline.testing;

import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.contract.wire.v1.SampleBatch;
import dev.pulseboard.contract.wire.v1.Temporality;
import dev.pulseboard.pipeline.ingest.RawBatch;
import java.util.List;

/** Wire samples and batches for the pipeline's tests; labels as alternating name, value (sorted by the caller). */
public final class Samples {
    private Samples() {}

    public static Sample sample(MetricType type, String name, double value, long ts, String... labels) {
        Sample.Builder b =
                Sample.newBuilder().setName(name).setType(type).setValue(value).setTimestampMs(ts);
        for (int i = 0; i < labels.length; i += 2) {
            b.addLabels(Label.newBuilder().setName(labels[i]).setValue(labels[i + 1]));
        }
        return b.build();
    }

    public static Sample gauge(String name, double value, long ts, String... labels) {
        return sample(MetricType.GAUGE, name, value, ts, labels);
    }

    public static Sample counter(String name, double increment, long ts, String... labels) {
        return sample(MetricType.COUNTER, name, increment, ts, labels);
    }

    public static Sample cumulative(String name, double total, long ts, String... labels) {
        return sample(MetricType.COUNTER, name, total, ts, labels).toBuilder()
                .setTemporality(Temporality.CUMULATIVE)
                .build();
    }

    public static Sample timerMs(String name, double ms, long ts, String... labels) {
        return sample(MetricType.TIMER, name, ms, ts, labels);
    }

    public static Sample histogram(String name, double value, long ts, String... labels) {
        return sample(MetricType.HISTOGRAM, name, value, ts, labels);
    }

    public static Sample set(String name, String member, long ts, String... labels) {
        return sample(MetricType.SET, name, 0, ts, labels).toBuilder()
                .setSetMember(member)
                .build();
    }

    public static SampleBatch batch(String tenant, long receivedAtMs, List<Sample> samples) {
        return SampleBatch.newBuilder()
                .setTenant(tenant)
                .setSource("test")
                .setReceivedAtMs(receivedAtMs)
                .addAllSamples(samples)
                .build();
    }

    /** A metrics-raw record of {@code tenant} appended at {@code appendMs}, received by the gateway just before. */
    public static RawBatch raw(String tenant, long appendMs, Sample... samples) {
        return new RawBatch(batch(tenant, appendMs, List.of(samples)), appendMs);
    }

    public static RawBatch tick(long appendMs) {
        return new RawBatch(SampleBatch.newBuilder().setTick(true).build(), appendMs);
    }
}
