package dev.pulseboard.contract.validation;

import dev.pulseboard.contract.fold.WindowFold;
import dev.pulseboard.contract.limits.Limits;
import dev.pulseboard.contract.tenant.IngestKeys;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.contract.wire.v1.SeriesWindow;
import dev.pulseboard.contract.wire.v1.Temporality;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Pure validation of one sample against one tenant's limits. Returns {@code null} when the sample is acceptable,
 * otherwise the {@link Rejection}. Used by the gateway (reject at the edge, per sample) and by the pipeline
 * (defence in depth before the store, which must never see one tenant's bad sample).
 */
public final class SampleValidator {
    /** The label the pipeline owns; clients may not send it, in any spelling. */
    public static final String TENANT_LABEL = "tenant";

    /** Metric names the pipeline writes itself per tenant (its accounting); clients may not send them. */
    public static final String RESERVED_METRIC_PREFIX = "pulseboard_";
    /** Names of the series the pipeline derives (docs/metrics.md, ADR 006): a client's series must not collide. */
    private static final Pattern DERIVED_SUFFIX = Pattern.compile(":(1s|1m|5m|1h)(_(min|max|avg|quantile))?$");

    /**
     * Smallest accepted sample rate: a counter sampled at rate r counts value / r, and below this the scaled value of
     * an ordinary increment leaves the range a store can add up exactly.
     */
    public static final double MIN_SAMPLE_RATE = 1e-6;

    private SampleValidator() {}

    public static Rejection validate(Sample sample, Limits limits, long nowMs) {
        Rejection r = validateName(sample.getName(), limits);
        if (r == null) {
            r = validateLabels(sample.getLabelsList(), limits);
        }
        if (r == null && isHistogramType(sample.getType())) {
            r = validateHistogramLabels(sample.getLabelsList());
        }
        return r != null ? r : validateOfCheckedSeries(sample, limits, nowMs);
    }

    /**
     * What {@link #validate} checks beyond the series itself (name, labels, type): the value and the timestamp. For a
     * sample of a series that passed {@link #validate} under the same limits, the answer is the same as
     * {@link #validate}'s (the pipeline checks each series' name and labels once per window, not per sample).
     */
    public static Rejection validateOfCheckedSeries(Sample sample, Limits limits, long nowMs) {
        Rejection r = validateValue(sample);
        return r != null ? r : validateTimestamp(sample.getTimestampMs(), limits, nowMs);
    }

    /**
     * A {@link SeriesWindow} (samples folded at the edge) is judged as its samples would be: its name and labels, a
     * type, finite statistics, a counter that does not go down, and its window within the timestamp bounds.
     */
    public static Rejection validateWindow(SeriesWindow w, Limits limits, long nowMs) {
        Rejection r = validateName(w.getName(), limits);
        if (r == null) {
            r = validateLabels(w.getLabelsList(), limits);
        }
        if (r == null && isHistogramType(w.getType())) {
            r = validateHistogramLabels(w.getLabelsList());
        }
        if (r != null) {
            return r;
        }
        if (w.getType() == MetricType.METRIC_TYPE_UNSPECIFIED || w.getType() == MetricType.UNRECOGNIZED) {
            return new Rejection(RejectReason.MISSING_METRIC_TYPE, "window of '" + w.getName() + "' has no type");
        }
        boolean hasValues = w.getSamples() > w.getGaugeDeltas() && w.getType() != MetricType.SET;
        if (!Double.isFinite(w.getSum())
                || !Double.isFinite(w.getWeight())
                || !Double.isFinite(w.getLast())
                || !Double.isFinite(w.getGaugeDelta())
                || (hasValues && (!Double.isFinite(w.getMin()) || !Double.isFinite(w.getMax())))) {
            return new Rejection(
                    RejectReason.NON_FINITE_VALUE, "window of '" + w.getName() + "' has a non-finite statistic");
        }
        if (w.getType() == MetricType.COUNTER && (w.getSum() < 0 || w.getMin() < 0)) {
            return new Rejection(
                    RejectReason.COUNTER_NEGATIVE, "counter '" + w.getName() + "' has negative values in a window");
        }
        // too old only if its newest possible sample is, too new only if its oldest is: a window of valid samples is
        Rejection newest = validateTimestamp(w.getWindowStartMs() + WindowFold.WINDOW_MS - 1, limits, nowMs);
        if (newest != null && newest.reason() == RejectReason.SAMPLE_TOO_OLD) {
            return newest;
        }
        Rejection oldest = validateTimestamp(w.getWindowStartMs(), limits, nowMs);
        return oldest == null || oldest.reason() == RejectReason.SAMPLE_TOO_OLD ? null : oldest;
    }

    public static Rejection validateName(String name, Limits limits) {
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
        if (name.regionMatches(true, 0, RESERVED_METRIC_PREFIX, 0, RESERVED_METRIC_PREFIX.length())) {
            return new Rejection(
                    RejectReason.RESERVED_METRIC_NAME,
                    "metric names starting with '" + RESERVED_METRIC_PREFIX
                            + "' are reserved: Pulseboard writes its own accounting of your data under them");
        }
        if (looksLikeAKey(name)) {
            return new Rejection(
                    RejectReason.KEY_IN_SAMPLE,
                    "metric name holds something shaped like an ingest key (pbk_ and hex digits); it is not stored"
                            + " anywhere: send the key only as the credential (the StatsD prefix is its first segment only)");
        }
        if (name.indexOf(':') >= 0 && DERIVED_SUFFIX.matcher(name).find()) {
            return new Rejection(
                    RejectReason.RESERVED_METRIC_NAME,
                    "metric name '" + name + "' ends like a series Pulseboard derives (:1s, :1m, :5m, :1h, with _min,"
                            + " _max, _avg or _quantile): send the base metric instead");
        }
        return null;
    }

    static Rejection validateLabels(List<Label> labels, Limits limits) {
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
            if (TENANT_LABEL.equalsIgnoreCase(name)) {
                return new Rejection(
                        RejectReason.RESERVED_LABEL_NAME,
                        "label 'tenant' is reserved: Pulseboard sets it from your ingest key");
            }
            if (name.equals(previous)) {
                return new Rejection(RejectReason.DUPLICATE_LABEL_NAME, "label '" + name + "' appears twice");
            }
            if (looksLikeAKey(label.getValue())) {
                return new Rejection(
                        RejectReason.KEY_IN_SAMPLE,
                        "value of label '" + name + "' holds something shaped like an ingest key (pbk_ and hex"
                                + " digits); it is not stored anywhere");
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

    /** The labels the pipeline adds to a histogram's store series ({@code le}, {@code quantile}) are its own. */
    static Rejection validateHistogramLabels(List<Label> labels) {
        for (Label label : labels) {
            if ("le".equals(label.getName()) || "quantile".equals(label.getName())) {
                return new Rejection(
                        RejectReason.RESERVED_LABEL_NAME,
                        "label '" + label.getName() + "' is reserved on timers, histograms and distributions:"
                                + " Pulseboard writes their buckets and quantiles under it");
            }
        }
        return null;
    }

    public static boolean isHistogramType(MetricType type) {
        return type == MetricType.TIMER || type == MetricType.HISTOGRAM || type == MetricType.DISTRIBUTION;
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
        if (!(rate == 0 || (rate >= MIN_SAMPLE_RATE && rate <= 1))) {
            return new Rejection(
                    RejectReason.INVALID_SAMPLE_RATE,
                    "sample rate " + rate + " of '" + sample.getName() + "' must be in [" + MIN_SAMPLE_RATE + ", 1]");
        }
        if (rate != 0 && !Double.isFinite(sample.getValue() / rate)) {
            return new Rejection(
                    RejectReason.NON_FINITE_VALUE,
                    "value " + sample.getValue() + " of '" + sample.getName() + "' scaled by 1/" + rate
                            + " is not a finite number");
        }
        if (sample.getTemporality() == Temporality.CUMULATIVE && sample.getType() != MetricType.COUNTER) {
            return new Rejection(
                    RejectReason.MISSING_METRIC_TYPE,
                    "'" + sample.getName() + "' is cumulative, which only counters can be");
        }
        if (sample.getType() == MetricType.COUNTER && sample.getValue() < 0) {
            return new Rejection(
                    RejectReason.COUNTER_NEGATIVE,
                    "counter '" + sample.getName() + "' has the negative value " + sample.getValue()
                            + "; counters only go up (send a gauge for values that go down)");
        }
        return null;
    }

    public static Rejection validateTimestamp(long timestampMs, Limits limits, long nowMs) {
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

    /**
     * True when {@code text} contains {@code pbk_} (any case) followed by at least {@value #KEY_SHAPED_HEX_DIGITS} hex
     * digits: a whole or partial ingest key that must never reach Kafka, the store's WAL or a query answer. A key's
     * 8-digit display prefix is shorter and passes.
     */
    public static boolean looksLikeAKey(String text) {
        int from = 0;
        while (true) {
            int at = indexOfIgnoreCase(text, IngestKeys.PREFIX, from);
            if (at < 0) {
                return false;
            }
            int hex = 0;
            for (int i = at + IngestKeys.PREFIX.length(); i < text.length() && isHex(text.charAt(i)); i++) {
                hex++;
            }
            if (hex >= KEY_SHAPED_HEX_DIGITS) {
                return true;
            }
            from = at + 1;
        }
    }

    /** Hex digits after {@code pbk_} from which a name or label value counts as holding a key. */
    public static final int KEY_SHAPED_HEX_DIGITS = 16;

    private static int indexOfIgnoreCase(String text, String needle, int from) {
        char first = needle.charAt(0);
        char firstUpper = Character.toUpperCase(first);
        for (int i = from; i + needle.length() <= text.length(); i++) {
            char c = text.charAt(i);
            if ((c == first || c == firstUpper) && text.regionMatches(true, i, needle, 0, needle.length())) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
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
