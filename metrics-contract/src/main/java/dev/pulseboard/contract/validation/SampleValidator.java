package dev.pulseboard.contract.validation;

import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Sample;
import java.util.List;

/**
 * Pure validation of one sample against one tenant's limits. Returns {@code null} when the sample is acceptable,
 * otherwise the {@link Rejection}. Used by the gateway (reject at the edge, per sample) and by the pipeline
 * (defence in depth before the store, which must never see one tenant's bad sample).
 */
public final class SampleValidator {
    /** The label the pipeline owns; clients may not send it. */
    public static final String TENANT_LABEL = "tenant";

    private SampleValidator() {}

    public static Rejection validate(Sample sample, ValidationLimits limits, long nowMs) {
        Rejection r = validateName(sample.getName(), limits);
        if (r == null) {
            r = validateLabels(sample.getLabelsList(), limits);
        }
        if (r == null) {
            r = validateValue(sample);
        }
        if (r == null) {
            r = validateTimestamp(sample.getTimestampMs(), limits, nowMs);
        }
        return r;
    }

    public static Rejection validateName(String name, ValidationLimits limits) {
        if (name.isEmpty()) {
            return new Rejection(RejectReason.MISSING_METRIC_NAME, "sample has no metric name");
        }
        if (name.length() > limits.maxMetricNameLength()) {
            return new Rejection(
                    RejectReason.METRIC_NAME_TOO_LONG,
                    "metric name is " + name.length()
                            + " characters, over the limit of " + limits.maxMetricNameLength()
                            + " (per-tenant limit maxMetricNameLength)");
        }
        if (!isMetricName(name)) {
            return new Rejection(
                    RejectReason.INVALID_METRIC_NAME, "metric name '" + name + "' must match [a-zA-Z_:][a-zA-Z0-9_:]*");
        }
        return null;
    }

    static Rejection validateLabels(List<Label> labels, ValidationLimits limits) {
        if (labels.size() > limits.maxLabelsPerSeries()) {
            return new Rejection(
                    RejectReason.TOO_MANY_LABELS,
                    "series has " + labels.size()
                            + " labels, over the limit of " + limits.maxLabelsPerSeries()
                            + " (per-tenant limit maxLabelsPerSeries)");
        }
        String previous = null;
        for (Label label : labels) {
            String name = label.getName();
            if (name.length() > limits.maxLabelNameLength()) {
                return new Rejection(
                        RejectReason.LABEL_NAME_TOO_LONG,
                        "label name is " + name.length()
                                + " characters, over the limit of " + limits.maxLabelNameLength()
                                + " (per-tenant limit maxLabelNameLength)");
            }
            if (!isLabelName(name)) {
                return new Rejection(
                        RejectReason.INVALID_LABEL_NAME,
                        "label name '" + name + "' must match [a-zA-Z_][a-zA-Z0-9_]* and not start with __");
            }
            if (TENANT_LABEL.equals(name)) {
                return new Rejection(
                        RejectReason.RESERVED_LABEL_NAME,
                        "label 'tenant' is reserved: Pulseboard sets it from your ingest key");
            }
            if (name.equals(previous)) {
                return new Rejection(RejectReason.DUPLICATE_LABEL_NAME, "label '" + name + "' appears twice");
            }
            if (label.getValue().length() > limits.maxLabelValueLength()) {
                return new Rejection(
                        RejectReason.LABEL_VALUE_TOO_LONG,
                        "value of label '" + name + "' is "
                                + label.getValue().length() + " characters, over the limit of "
                                + limits.maxLabelValueLength() + " (per-tenant limit maxLabelValueLength)");
            }
            previous = name;
        }
        return null;
    }

    static Rejection validateValue(Sample sample) {
        if (sample.getType() == MetricType.METRIC_TYPE_UNSPECIFIED || sample.getType() == MetricType.UNRECOGNIZED) {
            return new Rejection(
                    RejectReason.MISSING_METRIC_TYPE,
                    "sample of '" + sample.getName()
                            + "' has no metric type (counter, gauge, timer, histogram, set or distribution)");
        }
        if (sample.getType() != MetricType.SET && !Double.isFinite(sample.getValue())) {
            return new Rejection(
                    RejectReason.NON_FINITE_VALUE,
                    "value of '" + sample.getName() + "' is " + sample.getValue()
                            + "; only finite numbers are accepted");
        }
        double rate = sample.getSampleRate();
        if (!(rate == 0 || (rate > 0 && rate <= 1))) {
            return new Rejection(
                    RejectReason.INVALID_SAMPLE_RATE,
                    "sample rate " + rate + " of '" + sample.getName() + "' must be in (0, 1]");
        }
        return null;
    }

    public static Rejection validateTimestamp(long timestampMs, ValidationLimits limits, long nowMs) {
        if (timestampMs < nowMs - limits.pastGrace().toMillis()) {
            return new Rejection(
                    RejectReason.SAMPLE_TOO_OLD,
                    "timestamp " + timestampMs + " is more than "
                            + limits.pastGrace().toSeconds() + " s in the past (per-tenant limit pastGrace)");
        }
        if (timestampMs > nowMs + limits.futureGrace().toMillis()) {
            return new Rejection(
                    RejectReason.SAMPLE_TOO_FAR_IN_FUTURE,
                    "timestamp " + timestampMs
                            + " is more than " + limits.futureGrace().toSeconds()
                            + " s in the future (per-tenant limit futureGrace); check the client's clock");
        }
        return null;
    }

    public static boolean isMetricName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || c == '_'
                    || c == ':'
                    || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public static boolean isLabelName(String name) {
        if (name.isEmpty() || name.startsWith("__")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
