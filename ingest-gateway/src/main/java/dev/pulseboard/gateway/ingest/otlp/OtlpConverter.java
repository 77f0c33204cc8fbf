package dev.pulseboard.gateway.ingest.otlp;

import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.limits.HistogramBuckets;
import dev.pulseboard.contract.wire.PrometheusFloats;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.contract.wire.v1.Temporality;
import dev.pulseboard.gateway.ingest.validation.Candidate;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pure conversion of an OTLP {@link ExportMetricsServiceRequest} to Pulseboard samples, following OpenTelemetry's
 * "Prometheus and OpenMetrics compatibility" specification (docs/ingest.md, "OTLP"):
 *
 * <ul>
 *   <li>Resource: {@code service.namespace}/{@code service.name} becomes {@code job}, {@code service.instance.id}
 *       becomes {@code instance}; the other resource attributes go to a {@code target_info} gauge (value 1) with the
 *       same job and instance, not onto every series.
 *   <li>Gauges are gauges. Monotonic sums are counters named {@code *_total}: cumulative ones carry their total
 *       (CUMULATIVE, start time kept), delta ones are increments. Non-monotonic cumulative sums are gauges; non-monotonic
 *       delta sums are refused (err-pb-otlp-delta-updown-unsupported): a change without the level is no gauge.
 *   <li>Histograms become {@code _bucket{le}}, {@code _count} and {@code _sum} counters (cumulative or delta as sent).
 *       Exponential histograms are folded into the tenant's bucket bounds: each exponential bucket counts in the first
 *       bound at or above its upper edge, so a value is placed at most one exponential bucket width too high.
 *   <li>Summaries become {@code {quantile}} gauges plus {@code _count} and {@code _sum} counters.
 * </ul>
 *
 * Points flagged "no recorded value" are counted as err-pb-stale-marker-not-stored, exemplars as
 * err-pb-exemplar-not-stored; neither is an error.
 */
public final class OtlpConverter {
    private OtlpConverter() {}

    /** What one request became: samples to screen, plus what is counted but not stored. */
    public record Converted(List<Candidate> candidates, int noValuePoints, int exemplars) {}

    public static Converted convert(ExportMetricsServiceRequest request, HistogramBuckets bounds, long receivedAtMs) {
        Converter c = new Converter(bounds, receivedAtMs);
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            c.resource(rm);
        }
        return new Converted(c.out, c.noValue, c.exemplars);
    }

    private static final class Converter {
        private final HistogramBuckets bounds;
        private final long receivedAtMs;
        private final List<Candidate> out = new ArrayList<>();
        private int noValue;
        private int exemplars;
        private Map<String, String> target = Map.of();

        Converter(HistogramBuckets bounds, long receivedAtMs) {
            this.bounds = bounds;
            this.receivedAtMs = receivedAtMs;
        }

        void resource(ResourceMetrics rm) {
            Map<String, String> info = new TreeMap<>();
            String service = null;
            String namespace = null;
            String instance = null;
            for (KeyValue kv : rm.getResource().getAttributesList()) {
                String value = text(kv.getValue());
                switch (kv.getKey()) {
                    case "service.name" -> service = value;
                    case "service.namespace" -> namespace = value;
                    case "service.instance.id" -> instance = value;
                    default -> info.put(OtlpNames.labelName(kv.getKey()), value);
                }
            }
            Map<String, String> t = new TreeMap<>();
            if (service != null) {
                t.put("job", namespace == null ? service : namespace + "/" + service);
            }
            if (instance != null) {
                t.put("instance", instance);
            }
            target = t;
            if (!info.isEmpty()) {
                Map<String, String> labels = new TreeMap<>(info);
                labels.putAll(t);
                out.add(Candidate.of(sample("target_info", MetricType.GAUGE, Temporality.DELTA, labels)
                        .setValue(1)
                        .setTimestampMs(receivedAtMs)
                        .build()));
            }
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric m : sm.getMetricsList()) {
                    metric(m);
                }
            }
        }

        void metric(Metric m) {
            switch (m.getDataCase()) {
                case GAUGE -> {
                    String name = OtlpNames.metricName(m.getName(), m.getUnit(), false, true);
                    for (NumberDataPoint p : m.getGauge().getDataPointsList()) {
                        number(name, MetricType.GAUGE, Temporality.DELTA, p);
                    }
                }
                case SUM -> sum(m);
                case HISTOGRAM -> {
                    String name = OtlpNames.metricName(m.getName(), m.getUnit(), false, false);
                    Temporality t = temporality(m.getHistogram().getAggregationTemporality());
                    for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
                        histogram(name, t, p);
                    }
                }
                case EXPONENTIAL_HISTOGRAM -> {
                    String name = OtlpNames.metricName(m.getName(), m.getUnit(), false, false);
                    Temporality t = temporality(m.getExponentialHistogram().getAggregationTemporality());
                    for (ExponentialHistogramDataPoint p :
                            m.getExponentialHistogram().getDataPointsList()) {
                        exponential(name, t, p);
                    }
                }
                case SUMMARY -> {
                    String name = OtlpNames.metricName(m.getName(), m.getUnit(), false, false);
                    for (SummaryDataPoint p : m.getSummary().getDataPointsList()) {
                        summary(name, p);
                    }
                }
                default ->
                    out.add(Candidate.refused(
                            ErrorId.MISSING_METRIC_TYPE.id(), "metric '" + m.getName() + "' has no data"));
            }
        }

        void sum(Metric m) {
            boolean monotonic = m.getSum().getIsMonotonic();
            Temporality t = temporality(m.getSum().getAggregationTemporality());
            String name = OtlpNames.metricName(m.getName(), m.getUnit(), monotonic, !monotonic);
            for (NumberDataPoint p : m.getSum().getDataPointsList()) {
                if (monotonic) {
                    number(name, MetricType.COUNTER, t, p);
                } else if (t == Temporality.CUMULATIVE) {
                    number(name, MetricType.GAUGE, Temporality.DELTA, p);
                } else {
                    out.add(Candidate.refused(
                            ErrorId.OTLP_DELTA_UPDOWN_UNSUPPORTED.id(),
                            "'" + m.getName() + "' is a non-monotonic delta sum: a change without its level; send it"
                                    + " with cumulative temporality"));
                }
            }
        }

        void number(String name, MetricType type, Temporality t, NumberDataPoint p) {
            exemplars += p.getExemplarsCount();
            if (noRecordedValue(p.getFlags())) {
                noValue++;
                return;
            }
            double value =
                    p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? (double) p.getAsInt() : p.getAsDouble();
            Sample.Builder b = sample(name, type, t, labels(p.getAttributesList()))
                    .setValue(value)
                    .setTimestampMs(ms(p.getTimeUnixNano()));
            if (t == Temporality.CUMULATIVE) {
                b.setStartTimestampMs(ms(p.getStartTimeUnixNano()));
            }
            out.add(Candidate.of(b.build()));
        }

        void histogram(String name, Temporality t, HistogramDataPoint p) {
            exemplars += p.getExemplarsCount();
            if (noRecordedValue(p.getFlags())) {
                noValue++;
                return;
            }
            int n = Math.min(p.getExplicitBoundsCount(), p.getBucketCountsCount());
            double[] finiteBounds = new double[n];
            double[] finiteCounts = new double[n];
            for (int i = 0; i < n; i++) {
                finiteBounds[i] = p.getExplicitBounds(i);
                finiteCounts[i] = p.getBucketCounts(i);
            }
            classic(
                    name,
                    t,
                    p.getAttributesList(),
                    p.getTimeUnixNano(),
                    p.getStartTimeUnixNano(),
                    finiteBounds,
                    finiteCounts,
                    (double) p.getCount(),
                    (double) p.getCount(),
                    p.hasSum() ? p.getSum() : null);
        }

        void exponential(String name, Temporality t, ExponentialHistogramDataPoint p) {
            exemplars += p.getExemplarsCount();
            if (noRecordedValue(p.getFlags())) {
                noValue++;
                return;
            }
            double[] counts = new double[bounds.size()];
            double base = Math.pow(2, Math.pow(2, -p.getScale()));
            ExponentialHistogramDataPoint.Buckets pos = p.getPositive();
            for (int k = 0; k < pos.getBucketCountsCount(); k++) {
                // bucket index i holds (base^i, base^(i+1)]
                double upper = Math.pow(base, pos.getOffset() + k + 1.0);
                counts[bounds.indexOf(upper)] += pos.getBucketCounts(k);
            }
            ExponentialHistogramDataPoint.Buckets neg = p.getNegative();
            for (int k = 0; k < neg.getBucketCountsCount(); k++) {
                // negative bucket index i holds [-base^(i+1), -base^i)
                double upper = -Math.pow(base, neg.getOffset() + (double) k);
                counts[bounds.indexOf(upper)] += neg.getBucketCounts(k);
            }
            counts[bounds.indexOf(p.getZeroThreshold())] += p.getZeroCount();
            double[] finiteBounds = new double[counts.length - 1];
            double total = counts[counts.length - 1];
            for (int i = 0; i < finiteBounds.length; i++) {
                finiteBounds[i] = bounds.upperBound(i);
                total += counts[i];
            }
            classic(
                    name,
                    t,
                    p.getAttributesList(),
                    p.getTimeUnixNano(),
                    p.getStartTimeUnixNano(),
                    finiteBounds,
                    Arrays.copyOf(counts, finiteBounds.length),
                    total,
                    (double) p.getCount(),
                    p.hasSum() ? p.getSum() : null);
        }

        /**
         * A classic Prometheus histogram: cumulative {@code _bucket{le}} over the finite bounds, {@code le="+Inf"}
         * with {@code infCount}, then {@code _count} and, when known, {@code _sum}.
         */
        private void classic(
                String name,
                Temporality t,
                List<KeyValue> attributes,
                long timeUnixNano,
                long startUnixNano,
                double[] finiteBounds,
                double[] finiteCounts,
                double infCount,
                double count,
                Double sum) {
            Map<String, String> labels = labels(attributes);
            long ts = ms(timeUnixNano);
            long start = ms(startUnixNano);
            double cumulative = 0;
            for (int i = 0; i < finiteBounds.length; i++) {
                cumulative += finiteCounts[i];
                counter(
                        name + "_bucket",
                        t,
                        withLabel(labels, "le", PrometheusFloats.format(finiteBounds[i])),
                        cumulative,
                        ts,
                        start);
            }
            counter(name + "_bucket", t, withLabel(labels, "le", "+Inf"), infCount, ts, start);
            counter(name + "_count", t, labels, count, ts, start);
            if (sum != null) {
                counter(name + "_sum", t, labels, sum, ts, start);
            }
        }

        void summary(String name, SummaryDataPoint p) {
            if (noRecordedValue(p.getFlags())) {
                noValue++;
                return;
            }
            Map<String, String> labels = labels(p.getAttributesList());
            long ts = ms(p.getTimeUnixNano());
            long start = ms(p.getStartTimeUnixNano());
            for (SummaryDataPoint.ValueAtQuantile q : p.getQuantileValuesList()) {
                out.add(Candidate.of(sample(
                                name,
                                MetricType.GAUGE,
                                Temporality.DELTA,
                                withLabel(labels, "quantile", PrometheusFloats.format(q.getQuantile())))
                        .setValue(q.getValue())
                        .setTimestampMs(ts)
                        .build()));
            }
            counter(name + "_count", Temporality.CUMULATIVE, labels, (double) p.getCount(), ts, start);
            counter(name + "_sum", Temporality.CUMULATIVE, labels, p.getSum(), ts, start);
        }

        private void counter(
                String name, Temporality t, Map<String, String> labels, double value, long ts, long start) {
            Sample.Builder b =
                    sample(name, MetricType.COUNTER, t, labels).setValue(value).setTimestampMs(ts);
            if (t == Temporality.CUMULATIVE) {
                b.setStartTimestampMs(start);
            }
            out.add(Candidate.of(b.build()));
        }

        private Map<String, String> labels(List<KeyValue> attributes) {
            Map<String, String> labels = new TreeMap<>();
            for (KeyValue kv : attributes) {
                String name = OtlpNames.labelName(kv.getKey());
                String value = text(kv.getValue());
                // two attributes that sanitise to one name: values joined with ';', as the specification says
                labels.merge(name, value, (a, b) -> a + ";" + b);
            }
            labels.putAll(target);
            return labels;
        }
    }

    static Sample.Builder sample(String name, MetricType type, Temporality t, Map<String, String> labels) {
        Sample.Builder b = Sample.newBuilder().setName(name).setType(type).setTemporality(t);
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (!e.getValue().isEmpty()) {
                b.addLabels(Label.newBuilder().setName(e.getKey()).setValue(e.getValue()));
            }
        }
        return b;
    }

    private static Map<String, String> withLabel(Map<String, String> labels, String name, String value) {
        Map<String, String> copy = new TreeMap<>(labels);
        copy.put(name, value);
        return copy;
    }

    private static Temporality temporality(AggregationTemporality t) {
        return t == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE
                ? Temporality.CUMULATIVE
                : Temporality.DELTA;
    }

    private static boolean noRecordedValue(int flags) {
        return (flags & DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE) != 0;
    }

    private static long ms(long unixNano) {
        return unixNano / 1_000_000;
    }

    static String text(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case INT_VALUE -> Long.toString(v.getIntValue());
            case DOUBLE_VALUE -> PrometheusFloats.format(v.getDoubleValue());
            case ARRAY_VALUE ->
                v.getArrayValue().getValuesList().stream()
                        .map(OtlpConverter::text)
                        .toList()
                        .toString();
            case KVLIST_VALUE ->
                v.getKvlistValue().getValuesList().stream()
                        .map(kv -> kv.getKey() + "=" + text(kv.getValue()))
                        .toList()
                        .toString();
            case BYTES_VALUE ->
                java.util.HexFormat.of().formatHex(v.getBytesValue().toByteArray());
            default -> "";
        };
    }
}
