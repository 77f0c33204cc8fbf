package dev.pulseboard.gateway.ingest.textformat;

import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.prometheus.MetricMetadata;
import dev.pulseboard.contract.wire.PrometheusFloats;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.contract.wire.v1.Temporality;
import dev.pulseboard.gateway.ingest.PrometheusFamilies;
import dev.pulseboard.gateway.ingest.textformat.TextExpositionParser.LineError;
import dev.pulseboard.gateway.ingest.textformat.TextExpositionParser.Parsed;
import dev.pulseboard.gateway.ingest.textformat.TextExpositionParser.TextSample;
import dev.pulseboard.gateway.ingest.validation.Candidate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Pure conversion of a parsed text exposition to Pulseboard samples (docs/ingest.md, "Prometheus text format push"),
 * typed as remote-write series are ({@link PrometheusFamilies}: counters and the counter series of histograms and
 * summaries are cumulative). The grouping labels of the push URL replace labels of the same name, as the Pushgateway
 * does. A sample without a timestamp is taken at the push's receive time. OpenMetrics {@code _created} series are not
 * stored as series: they become the start time of their counter, histogram or summary series. {@code le} and
 * {@code quantile} values are spelled as the pipeline spells them ({@link PrometheusFloats}), so a client writing
 * {@code le="1.0"} and another writing {@code le="1"} land in one bucket. Lines that did not parse become refusals
 * (err-pb-text-malformed, with the line number); labels with an empty value are dropped, as Prometheus treats them.
 */
public final class TextExpositionConverter {
    private static final Set<MetricMetadata.MetricType> WITH_CREATED = EnumSet.of(
            MetricMetadata.MetricType.COUNTER, MetricMetadata.MetricType.HISTOGRAM, MetricMetadata.MetricType.SUMMARY);

    private TextExpositionConverter() {}

    public static List<Candidate> convert(Parsed parsed, Map<String, String> grouping, long receivedAtMs) {
        List<Candidate> out =
                new ArrayList<>(parsed.samples().size() + parsed.errors().size());
        Map<String, Long> created = new HashMap<>();
        List<TextSample> series = new ArrayList<>(parsed.samples().size());
        for (TextSample s : parsed.samples()) {
            if (s.name().endsWith("_created")) {
                String family = s.name().substring(0, s.name().length() - "_created".length());
                if (WITH_CREATED.contains(parsed.types().get(family)) && Double.isFinite(s.value())) {
                    created.put(seriesKey(family, s.labels()), Math.round(s.value() * 1000.0));
                    continue;
                }
            }
            series.add(s);
        }
        for (TextSample s : series) {
            SortedMap<String, String> labels = new TreeMap<>(s.labels());
            labels.putAll(grouping);
            boolean cumulative = PrometheusFamilies.isCumulative(s.name(), parsed.types()::get);
            Sample.Builder b = Sample.newBuilder()
                    .setName(s.name())
                    .setType(cumulative ? MetricType.COUNTER : MetricType.GAUGE)
                    .setTemporality(cumulative ? Temporality.CUMULATIVE : Temporality.DELTA)
                    .setValue(s.value())
                    .setTimestampMs(
                            s.timestampMs() == TextExpositionParser.NO_TIMESTAMP ? receivedAtMs : s.timestampMs());
            for (Map.Entry<String, String> l : labels.entrySet()) {
                if (!l.getValue().isEmpty()) {
                    b.addLabels(Label.newBuilder().setName(l.getKey()).setValue(spelled(l.getKey(), l.getValue())));
                }
            }
            if (cumulative) {
                Long start = created.get(seriesKey(PrometheusFamilies.familyOf(s.name()), s.labels()));
                if (start != null) {
                    b.setStartTimestampMs(start);
                }
            }
            out.add(Candidate.of(b.build()));
        }
        for (LineError e : parsed.errors()) {
            out.add(Candidate.refused(ErrorId.TEXT_MALFORMED.id(), e.message()));
        }
        return out;
    }

    /** A family's series identity for matching {@code _created}: its labels without the bucket or quantile label. */
    private static String seriesKey(String family, SortedMap<String, String> labels) {
        StringBuilder key = new StringBuilder(family);
        for (Map.Entry<String, String> l : labels.entrySet()) {
            if (!l.getKey().equals("le") && !l.getKey().equals("quantile")) {
                key.append('\u0000').append(l.getKey()).append('\u0000').append(l.getValue());
            }
        }
        return key.toString();
    }

    private static String spelled(String label, String value) {
        if (!label.equals("le") && !label.equals("quantile")) {
            return value;
        }
        try {
            return PrometheusFloats.format(TextExpositionParser.value(value, label));
        } catch (RuntimeException notANumber) {
            return value;
        }
    }
}
