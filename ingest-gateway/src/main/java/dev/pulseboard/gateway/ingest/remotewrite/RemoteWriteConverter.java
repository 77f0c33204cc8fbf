package dev.pulseboard.gateway.ingest.remotewrite;

import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.prometheus.MetricMetadata;
import dev.pulseboard.contract.prometheus.TimeSeries;
import dev.pulseboard.contract.prometheus.WriteRequest;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.contract.wire.v1.Temporality;
import dev.pulseboard.gateway.ingest.PrometheusFamilies;
import dev.pulseboard.gateway.ingest.validation.Candidate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Pure conversion of a remote-write 1.0 {@link WriteRequest} to Pulseboard samples (docs/ingest.md, "Prometheus
 * remote-write"). A series is what a Prometheus scrape produced, so values are taken as they are:
 *
 * counters and the counter series of histograms and summaries are cumulative (temporality CUMULATIVE: the pipeline
 * stores the newest total as sent, ADR 006), everything else is a gauge ({@link PrometheusFamilies}); the type comes
 * from the family's metadata, in this request or remembered from an earlier one.
 *
 * Prometheus' staleness markers and exemplars are not stored (counted); native histogram samples are refused
 * (err-pb-native-histogram-unsupported). Labels with an empty value are dropped, as Prometheus treats them as absent.
 */
public final class RemoteWriteConverter {
    /** Prometheus' staleness marker: a NaN with this exact bit pattern (value.StaleNaN). */
    static final long STALE_NAN_BITS = 0x7ff0000000000002L;

    private static final Comparator<Label> BY_NAME = Comparator.comparing(Label::getName);

    private RemoteWriteConverter() {}

    /** What one request became: samples to screen, plus what is counted but not stored. */
    public record Converted(List<Candidate> candidates, int staleMarkers, int exemplars) {}

    /**
     * @param typeOf the metadata type of a metric family known from earlier requests, or null
     */
    public static Converted convert(WriteRequest request, Function<String, MetricMetadata.MetricType> typeOf) {
        List<Candidate> out = new ArrayList<>();
        int stale = 0;
        int exemplars = 0;
        for (TimeSeries ts : request.getTimeseriesList()) {
            String name = "";
            List<Label> labels = new ArrayList<>(ts.getLabelsCount());
            for (dev.pulseboard.contract.prometheus.Label l : ts.getLabelsList()) {
                if ("__name__".equals(l.getName())) {
                    name = l.getValue();
                } else if (!l.getValue().isEmpty()) {
                    labels.add(Label.newBuilder()
                            .setName(l.getName())
                            .setValue(l.getValue())
                            .build());
                }
            }
            labels.sort(BY_NAME);
            boolean counter = PrometheusFamilies.isCumulative(name, typeOf);
            Sample.Builder b = Sample.newBuilder()
                    .setName(name)
                    .setType(counter ? MetricType.COUNTER : MetricType.GAUGE)
                    .setTemporality(counter ? Temporality.CUMULATIVE : Temporality.DELTA)
                    .addAllLabels(labels);
            for (dev.pulseboard.contract.prometheus.Sample s : ts.getSamplesList()) {
                if (Double.doubleToRawLongBits(s.getValue()) == STALE_NAN_BITS) {
                    stale++;
                    continue;
                }
                out.add(Candidate.of(b.setValue(s.getValue())
                        .setTimestampMs(s.getTimestamp())
                        .build()));
            }
            for (int i = 0; i < ts.getHistogramsCount(); i++) {
                out.add(Candidate.refused(
                        ErrorId.NATIVE_HISTOGRAM_UNSUPPORTED.id(),
                        "native histogram samples of '" + name + "' are not stored; scrape classic histograms"
                                + " (Prometheus' default) instead"));
            }
            exemplars += ts.getExemplarsCount();
        }
        return new Converted(out, stale, exemplars);
    }
}
