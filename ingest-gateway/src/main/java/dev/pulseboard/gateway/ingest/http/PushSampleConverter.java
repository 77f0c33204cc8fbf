package dev.pulseboard.gateway.ingest.http;

import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.gateway.ingest.validation.Candidate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pure conversion of JSON push samples to proto {@link Sample}s. Labels are sorted by name (the wire contract);
 * labels with an empty value are dropped, as Prometheus treats them as absent. An unknown type becomes
 * UNSPECIFIED, which the validator refuses with err-pb-missing-metric-type. No tenant handling here: the
 * validator refuses a client-sent {@code tenant} label.
 */
final class PushSampleConverter {
    private PushSampleConverter() {}

    static List<Candidate> convert(List<PushRequest.PushSample> samples, long receivedAtMs) {
        List<Candidate> out = new ArrayList<>(samples.size());
        for (PushRequest.PushSample s : samples) {
            out.add(
                    s == null
                            ? Candidate.refused(ErrorId.INVALID_JSON.id(), "sample is null")
                            : convert(s, receivedAtMs));
        }
        return out;
    }

    static Candidate convert(PushRequest.PushSample s, long receivedAtMs) {
        MetricType type = type(s.type());
        Sample.Builder b = Sample.newBuilder()
                .setName(s.name() == null ? "" : s.name())
                .setType(type)
                .setTimestampMs(s.timestamp() == null ? receivedAtMs : s.timestamp())
                .setSampleRate(s.sampleRate() == null ? 0 : s.sampleRate());
        if (type == MetricType.SET) {
            String member = s.member() != null
                    ? s.member()
                    : s.value() == null ? null : s.value().toString();
            if (member == null) {
                return Candidate.refused(
                        ErrorId.MISSING_VALUE.id(), "set sample of '" + b.getName() + "' has no member");
            }
            b.setSetMember(member);
        } else if (s.value() == null) {
            return Candidate.refused(ErrorId.MISSING_VALUE.id(), "sample of '" + b.getName() + "' has no value");
        } else {
            b.setValue(s.value());
        }
        addSortedLabels(b, s.labels());
        return Candidate.of(b.build());
    }

    private static void addSortedLabels(Sample.Builder b, Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return;
        }
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            if (e.getValue() != null && !e.getValue().isEmpty()) {
                b.addLabels(Label.newBuilder().setName(e.getKey()).setValue(e.getValue()));
            }
        }
    }

    static MetricType type(String type) {
        if (type == null) {
            return MetricType.METRIC_TYPE_UNSPECIFIED;
        }
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "counter" -> MetricType.COUNTER;
            case "gauge" -> MetricType.GAUGE;
            case "timer" -> MetricType.TIMER;
            case "histogram" -> MetricType.HISTOGRAM;
            case "set" -> MetricType.SET;
            case "distribution" -> MetricType.DISTRIBUTION;
            default -> MetricType.METRIC_TYPE_UNSPECIFIED;
        };
    }
}
