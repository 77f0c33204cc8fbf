package dev.pulseboard.pipeline.store.remotewrite;

import dev.pulseboard.contract.validation.SampleValidator;
import dev.pulseboard.contract.wire.v1.Aggregate;
import dev.pulseboard.pipeline.store.remotewrite.proto.Label;
import dev.pulseboard.pipeline.store.remotewrite.proto.Sample;
import dev.pulseboard.pipeline.store.remotewrite.proto.TimeSeries;
import dev.pulseboard.pipeline.store.remotewrite.proto.WriteRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xerial.snappy.Snappy;

/**
 * Window aggregates of ONE tenant -> Prometheus remote-write 1.0 body, and back (for tests and debugging).
 *
 * <p>Series naming: each aggregate becomes five series {@code <name>:1s_count}, {@code :1s_sum}, {@code :1s_min},
 * {@code :1s_max}, {@code :1s_last} (recording-rule style {@code level:metric:operation} names), labelled with the
 * sample's labels plus {@code tenant="<tenant>"}; the sample timestamp is the window START in ms.
 * Labels are sorted by name byte-wise as the spec requires ({@code __name__} included, so it comes first unless a
 * label name starts with an upper-case letter). Samples of one series are in timestamp order.
 * Body = protobuf {@code WriteRequest}, snappy block format (not framed).
 */
public final class RemoteWriteCodec {
    public static final String NAME_LABEL = "__name__";
    public static final String TENANT_LABEL = SampleValidator.TENANT_LABEL;
    static final String[] SUFFIXES = {":1s_count", ":1s_sum", ":1s_min", ":1s_max", ":1s_last"};
    public static final int SERIES_PER_AGGREGATE = SUFFIXES.length;
    private static final Comparator<Label> BY_NAME = Comparator.comparing(Label::getName);

    private RemoteWriteCodec() {}

    public static WriteRequest toWriteRequest(String tenant, List<Aggregate> aggregates) {
        Map<String, TimeSeries.Builder> series = new LinkedHashMap<>();
        for (Aggregate a : aggregates) {
            double[] values = {a.getCount(), a.getSum(), a.getMin(), a.getMax(), a.getLast()};
            for (int i = 0; i < SUFFIXES.length; i++) {
                List<Label> labels = labels(a.getName() + SUFFIXES[i], tenant, a.getLabelsList());
                series.computeIfAbsent(
                                identity(labels), k -> TimeSeries.newBuilder().addAllLabels(labels))
                        .addSamples(Sample.newBuilder().setValue(values[i]).setTimestamp(a.getWindowStartMs()));
            }
        }
        WriteRequest.Builder request = WriteRequest.newBuilder();
        for (TimeSeries.Builder ts : series.values()) {
            List<Sample> samples = new ArrayList<>(ts.getSamplesList());
            samples.sort(Comparator.comparingLong(Sample::getTimestamp));
            request.addTimeseries(ts.clearSamples().addAllSamples(samples));
        }
        return request.build();
    }

    /** Number of samples {@link #toWriteRequest} produces for {@code aggregates}. */
    public static int sampleCount(int aggregates) {
        return aggregates * SERIES_PER_AGGREGATE;
    }

    public static byte[] encode(WriteRequest request) throws IOException {
        return Snappy.compress(request.toByteArray());
    }

    public static WriteRequest decode(byte[] body) throws IOException {
        return WriteRequest.parseFrom(Snappy.uncompress(body));
    }

    /** {@code __name__}, the sample labels and {@code tenant}, sorted by name. */
    static List<Label> labels(String metricName, String tenant, List<dev.pulseboard.contract.wire.v1.Label> sample) {
        List<Label> out = new ArrayList<>(sample.size() + 2);
        out.add(Label.newBuilder().setName(NAME_LABEL).setValue(metricName).build());
        out.add(Label.newBuilder().setName(TENANT_LABEL).setValue(tenant).build());
        for (dev.pulseboard.contract.wire.v1.Label l : sample) {
            // the validator refuses client "tenant" labels; skipping here too keeps the label set valid regardless
            if (!TENANT_LABEL.equals(l.getName())) {
                out.add(Label.newBuilder()
                        .setName(l.getName())
                        .setValue(l.getValue())
                        .build());
            }
        }
        out.sort(BY_NAME);
        return out;
    }

    private static String identity(List<Label> sortedLabels) {
        StringBuilder sb = new StringBuilder();
        for (Label l : sortedLabels) {
            sb.append(l.getName()).append('\u0000').append(l.getValue()).append('\u0000');
        }
        return sb.toString();
    }
}
