package dev.pulseboard.contract.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.contract.wire.v1.SampleBatch;
import dev.pulseboard.contract.wire.v1.Temporality;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The builder's records against {@link WireCodec#encode} of the same {@code SampleBatch}, byte for byte, wherever a
 * sample's name and labels lie in the source: inside protobuf {@code Label} messages as in a remote-write request,
 * apart, with lengths over 127 bytes (two-byte varints), or at the very start of the source.
 */
class SampleRecordBuilderTest {
    private static final byte[] TENANT = "acme".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SOURCE = "remote-write".getBytes(StandardCharsets.UTF_8);

    /** A source of byte slices, recording where each string was put. */
    private static final class Source {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        /** Appends raw bytes: framing or padding between strings. */
        void raw(int... values) {
            for (int v : values) {
                bytes.write(v);
            }
        }

        /** Appends {@code s}; returns its offset. */
        int string(String s) {
            int at = bytes.size();
            bytes.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            return at;
        }

        /** Appends {@code name} and {@code value} as a protobuf {@code Label}'s two fields; returns their slices. */
        int[] encodedLabel(String name, String value) {
            raw(0x0A, name.length());
            int n = string(name);
            raw(0x12, value.length());
            int v = string(value);
            return new int[] {n, name.length(), v, value.length()};
        }

        /** Appends {@code name} and {@code value} apart, with no protobuf framing; returns their slices. */
        int[] looseLabel(String name, String value) {
            int n = string(name);
            raw(0, 0, 0);
            int v = string(value);
            return new int[] {n, name.length(), v, value.length()};
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }

    private static byte[] built(Source source, int name, String metric, List<int[]> labels, double value) {
        int[] flat = new int[4 * labels.size()];
        for (int i = 0; i < labels.size(); i++) {
            System.arraycopy(labels.get(i), 0, flat, 4 * i, 4);
        }
        SampleRecordBuilder b = new SampleRecordBuilder();
        b.start(TENANT);
        b.addSample(
                source.toByteArray(),
                name,
                metric.length(),
                flat,
                labels.size(),
                MetricType.COUNTER_VALUE,
                value,
                1_700_000_000_000L,
                Temporality.CUMULATIVE_VALUE);
        return b.finish(1_700_000_000_500L, SOURCE);
    }

    private static byte[] encoded(String metric, List<String[]> labels, double value) {
        Sample.Builder s = Sample.newBuilder()
                .setName(metric)
                .setType(MetricType.COUNTER)
                .setValue(value)
                .setTimestampMs(1_700_000_000_000L)
                .setTemporality(Temporality.CUMULATIVE);
        for (String[] l : labels) {
            s.addLabels(Label.newBuilder().setName(l[0]).setValue(l[1]));
        }
        return WireCodec.encode(SampleBatch.newBuilder()
                .setTenant("acme")
                .addSamples(s)
                .setReceivedAtMs(1_700_000_000_500L)
                .setSource("remote-write")
                .build());
    }

    @Test
    void labelsInsideProtobufLabelMessagesGiveTheCodecsBytes() {
        Source src = new Source();
        src.raw(0x0A, 0x20); // what precedes a remote-write label: its tag and length
        List<int[]> labels = new ArrayList<>();
        labels.add(src.encodedLabel("instance", "host-1:9100"));
        labels.add(src.encodedLabel("job", "node"));
        int name = src.string("http_requests_total");

        assertThat(built(src, name, "http_requests_total", labels, 42))
                .isEqualTo(encoded(
                        "http_requests_total",
                        List.of(new String[] {"instance", "host-1:9100"}, new String[] {"job", "node"}),
                        42));
    }

    @Test
    void labelsAnywhereElseGiveTheCodecsBytes() {
        String longValue = "v".repeat(200); // a two-byte length
        Source src = new Source();
        List<int[]> labels = new ArrayList<>();
        labels.add(src.looseLabel("a", "1"));
        labels.add(src.encodedLabel("b", longValue));
        // the right tags around the name but the value elsewhere
        src.raw(0x0A, 1);
        int c = src.string("c");
        src.raw(0x12, 1, 0x99);
        int cValue = src.string("3");
        labels.add(new int[] {c, 1, cValue, 1});
        // tags in place but a length that does not match
        src.raw(0x0A, 5);
        int d = src.string("d");
        src.raw(0x12, 1);
        int dValue = src.string("4");
        labels.add(new int[] {d, 1, dValue, 1});
        // the name at the very start of the source: no room for a tag before it
        Source first = new Source();
        int e = first.string("e");
        first.raw(0x12, 1);
        int eValue = first.string("5");
        int name = src.string("m");

        assertThat(built(src, name, "m", labels, 7))
                .isEqualTo(encoded(
                        "m",
                        List.of(
                                new String[] {"a", "1"},
                                new String[] {"b", longValue},
                                new String[] {"c", "3"},
                                new String[] {"d", "4"}),
                        7));
        assertThat(built(first, e, "e", List.of(new int[] {e, 1, eValue, 1}), 0))
                .isEqualTo(encoded("e", List.<String[]>of(new String[] {"e", "5"}), 0));
    }
}
