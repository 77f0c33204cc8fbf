package dev.pulseboard.pipeline.store.remotewrite;

import dev.pulseboard.contract.prometheus.Label;
import dev.pulseboard.contract.prometheus.Sample;
import dev.pulseboard.contract.prometheus.TimeSeries;
import dev.pulseboard.contract.prometheus.WriteRequest;
import dev.pulseboard.contract.validation.SampleValidator;
import dev.pulseboard.contract.wire.PrometheusFloats;
import dev.pulseboard.contract.wire.v1.Aggregate;
import dev.pulseboard.contract.wire.v1.Bucket;
import dev.pulseboard.contract.wire.v1.Quantile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.xerial.snappy.Snappy;

/**
 * The store series of an {@link Aggregate} (docs/metrics.md is the reference) in Prometheus remote-write 1.0 form.
 * Each series gets the aggregate's labels plus {@code tenant="<tenant>"} and one sample stamped at the window's last
 * millisecond ({@code window_end_ms - 1}): the value as it stands at the end of the window. For a 1 s window:
 * <ul>
 *   <li>COUNTER {@code name}: the running total (a Prometheus counter: {@code rate()}, {@code increase()}).</li>
 *   <li>GAUGE {@code name}: the last value; {@code name:1s_min}, {@code name:1s_max}.</li>
 *   <li>TIMER, HISTOGRAM, DISTRIBUTION: {@code name_bucket{le}}, {@code name_sum}, {@code name_count} (cumulative,
 *       for {@code histogram_quantile}); {@code name:1s_quantile{quantile}} of the window (DDSketch).</li>
 *   <li>SET {@code name}: distinct members in the window.</li>
 * </ul>
 * A rollup of resolution r (1m, 5m, 1h) writes the same series with {@code :r} appended to each name
 * ({@code name:5m}, {@code name_bucket:5m}, ...) and, for gauges, {@code name:r_min}, {@code name:r_max},
 * {@code name:r_avg}. Labels are sorted by name byte-wise as the spec requires. Body = protobuf, snappy block format.
 */
public final class RemoteWriteCodec {
    public static final String NAME_LABEL = "__name__";
    public static final String TENANT_LABEL = SampleValidator.TENANT_LABEL;
    private static final Comparator<Label> BY_NAME = Comparator.comparing(Label::getName);

    private RemoteWriteCodec() {}

    /** Every store series of {@code a} for {@code tenant}, each with its one sample. */
    public static void series(String tenant, Aggregate a, Consumer<TimeSeries> out) {
        String res = resolution(a);
        boolean second = "1s".equals(res);
        String suffix = second ? "" : ":" + res;
        long ts = a.getWindowEndMs() - 1;
        String name = a.getName();
        boolean hasSamples = a.getCount() > 0;
        switch (a.getType()) {
            case COUNTER -> out.accept(one(tenant, a, name + suffix, ts, a.getTotal(), null, null));
            case GAUGE -> {
                if (hasSamples) {
                    out.accept(one(tenant, a, name + suffix, ts, a.getLast(), null, null));
                    out.accept(one(tenant, a, name + ":" + res + "_min", ts, a.getMin(), null, null));
                    out.accept(one(tenant, a, name + ":" + res + "_max", ts, a.getMax(), null, null));
                    if (!second) {
                        out.accept(
                                one(tenant, a, name + ":" + res + "_avg", ts, a.getSum() / a.getCount(), null, null));
                    }
                }
            }
            case TIMER, HISTOGRAM, DISTRIBUTION -> {
                for (Bucket b : a.getBucketsList()) {
                    out.accept(one(tenant, a, name + "_bucket" + suffix, ts, b.getCount(), "le", formatLe(b.getLe())));
                }
                if (a.getBucketsCount() > 0) {
                    out.accept(one(tenant, a, name + "_sum" + suffix, ts, a.getTotalSum(), null, null));
                    out.accept(one(tenant, a, name + "_count" + suffix, ts, a.getTotalCount(), null, null));
                }
                for (Quantile q : a.getQuantilesList()) {
                    out.accept(one(
                            tenant,
                            a,
                            name + ":" + res + "_quantile",
                            ts,
                            q.getValue(),
                            "quantile",
                            formatLe(q.getQuantile())));
                }
            }
            case SET -> {
                if (hasSamples) {
                    out.accept(one(tenant, a, name + suffix, ts, (double) a.getDistinct(), null, null));
                }
            }
            default -> {
                // METRIC_TYPE_UNSPECIFIED never gets past validation
            }
        }
    }

    /** Number of store series {@link #series} writes for {@code a}. */
    public static int seriesCount(Aggregate a) {
        int[] n = {0};
        series("x", a, ts -> n[0]++);
        return n[0];
    }

    /** The whole request for {@code aggregates} of one tenant (tests and small writers). */
    public static WriteRequest toWriteRequest(String tenant, List<Aggregate> aggregates) {
        WriteRequest.Builder request = WriteRequest.newBuilder();
        for (Aggregate a : aggregates) {
            series(tenant, a, request::addTimeseries);
        }
        return request.build();
    }

    public static byte[] encode(WriteRequest request) throws IOException {
        return Snappy.compress(request.toByteArray());
    }

    public static WriteRequest decode(byte[] body) throws IOException {
        return WriteRequest.parseFrom(Snappy.uncompress(body));
    }

    /** {@code 1s}, {@code 1m}, {@code 5m} or {@code 1h}: the window's length as the name suffix gives it. */
    static String resolution(Aggregate a) {
        long ms = a.getWindowEndMs() - a.getWindowStartMs();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms / 1000 + "s";
    }

    /** Prometheus' spelling of bucket bounds and quantiles ({@link PrometheusFloats}, shared with the gateway). */
    static String formatLe(double v) {
        return PrometheusFloats.format(v);
    }

    private static TimeSeries one(
            String tenant, Aggregate a, String metric, long ts, double value, String extraName, String extraValue) {
        List<Label> labels = new ArrayList<>(a.getLabelsCount() + 3);
        labels.add(Label.newBuilder().setName(NAME_LABEL).setValue(metric).build());
        labels.add(Label.newBuilder().setName(TENANT_LABEL).setValue(tenant).build());
        for (dev.pulseboard.contract.wire.v1.Label l : a.getLabelsList()) {
            // the validator refuses client "tenant" labels; skipping here too keeps the label set valid regardless
            if (!TENANT_LABEL.equalsIgnoreCase(l.getName())) {
                labels.add(Label.newBuilder()
                        .setName(l.getName())
                        .setValue(l.getValue())
                        .build());
            }
        }
        if (extraName != null) {
            labels.add(
                    Label.newBuilder().setName(extraName).setValue(extraValue).build());
        }
        labels.sort(BY_NAME);
        return TimeSeries.newBuilder()
                .addAllLabels(labels)
                .addSamples(Sample.newBuilder().setValue(value).setTimestamp(ts))
                .build();
    }
}
