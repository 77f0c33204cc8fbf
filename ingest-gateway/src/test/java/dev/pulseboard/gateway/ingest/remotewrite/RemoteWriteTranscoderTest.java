package dev.pulseboard.gateway.ingest.remotewrite;

import static dev.pulseboard.testing.WireMessages.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.pulseboard.contract.limits.Limits;
import dev.pulseboard.contract.prometheus.Exemplar;
import dev.pulseboard.contract.prometheus.Histogram;
import dev.pulseboard.contract.prometheus.Label;
import dev.pulseboard.contract.prometheus.MetricMetadata;
import dev.pulseboard.contract.prometheus.Sample;
import dev.pulseboard.contract.prometheus.TimeSeries;
import dev.pulseboard.contract.prometheus.WriteRequest;
import dev.pulseboard.contract.wire.RecordKeys;
import dev.pulseboard.gateway.ingest.kafka.MetricsRawWriter;
import dev.pulseboard.gateway.ingest.validation.Candidate;
import dev.pulseboard.gateway.ingest.validation.SampleScreen;
import dev.pulseboard.gateway.ingest.validation.Screened;
import dev.pulseboard.gateway.testing.Mutations;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Remote-write's fast path ({@link RemoteWriteTranscoder}) against the general path it stands in for (the converter,
 * the sample screen and {@link MetricsRawWriter}): whenever the fast path takes a request, the general path accepts
 * every sample of it and writes the same records, byte for byte, in the same order, with the same stale markers and
 * exemplars counted. Requests are random but near what Prometheus sends (seeded, so a failure reproduces), with every
 * kind of flaw the fast path must leave to the general path mixed in at a low rate; and mutated bodies never make it
 * throw.
 */
class RemoteWriteTranscoderTest {
    private static final long NOW = 1_800_000_000_500L;
    private static final String TENANT = "acme";
    private static final int MAX_SAMPLES = 40;

    @Test
    void whereTheFastPathAnswersItWritesWhatTheGeneralPathWrites() {
        Random random = new Random(20261201L);
        int fast = 0;
        int declined = 0;
        for (int i = 0; i < 20_000; i++) {
            WriteRequest request = request(random, random.nextInt(3) == 0 ? 0.15 : 0.01);
            boolean fold = random.nextInt(4) != 0;
            int perRecord = random.nextBoolean() ? 2000 : 1 + random.nextInt(5);
            Written quick = fast(request.toByteArray(), fold, perRecord);
            if (quick == null) {
                declined++;
                continue;
            }
            fast++;
            Written general = general(request, fold, perRecord);
            assertThat(general).as("request %d: %s", i, request).isNotNull();
            assertThat(quick.describe()).as("request %d: %s", i, request).isEqualTo(general.describe());
        }
        assertThat(fast).as("requests the fast path took").isGreaterThan(5000);
        assertThat(declined).as("requests it left to the general path").isGreaterThan(2000);
    }

    @Test
    void takesWhatPrometheusSends() {
        WriteRequest.Builder w = WriteRequest.newBuilder();
        for (int s = 0; s < MAX_SAMPLES; s++) {
            w.addTimeseries(series(
                    s % 2 == 0 ? "http_requests_total" : "temperature_celsius",
                    Map.of("instance", "host-" + s, "job", "api", "path", "/p=" + s + ",x|y\\"),
                    NOW - 15_000,
                    s));
        }
        w.addMetadata(MetricMetadata.newBuilder()
                .setMetricFamilyName("temperature_celsius")
                .setType(MetricMetadata.MetricType.COUNTER));
        Written quick = fast(w.build().toByteArray(), true, 30);
        assertThat(quick).isNotNull();
        assertThat(quick.samples()).isEqualTo(MAX_SAMPLES);
        assertThat(quick.records()).hasSizeGreaterThan(4); // cut at 30 samples, then by shard
        assertThat(quick.describe()).isEqualTo(general(w.build(), true, 30).describe());
        w.addTimeseries(series("up", Map.of(), NOW, 1));
        assertThat(fast(w.build().toByteArray(), true, 30))
                .as("over the request's sample limit")
                .isNull();
    }

    @Test
    void leavesEachFlawToTheGeneralPath() {
        TimeSeries good = series("m_total", Map.of("a", "1"), NOW, 1);
        assertThat(fast(requestOf(good), true, 2000)).isNotNull();
        List<TimeSeries> flawed = List.of(
                good.toBuilder()
                        .clearLabels()
                        .addLabels(label("a", "1"))
                        .addLabels(label("__name__", "m_total"))
                        .build(),
                good.toBuilder()
                        .addLabels(label("b", "pbk_0123456789abcdef0123456789"))
                        .build(),
                series("m_total", Map.of("TENANT", "x"), NOW, 1),
                good.toBuilder().addLabels(label("a", "2")).build(),
                good.toBuilder().addLabels(label("b", "\u00e9t\u00e9")).build(),
                good.toBuilder().addLabels(label("__name__", "m2")).build(),
                series("m_total", Map.of("a", "1"), NOW, -1),
                series("m_total", Map.of("a", "1"), NOW - 86_400_000L, 1),
                series("m", Map.of("a", "1"), NOW, Double.NaN),
                series("pulseboard_x", Map.of("a", "1"), NOW, 1),
                series("x:1m", Map.of("a", "1"), NOW, 1),
                good.toBuilder()
                        .addHistograms(Histogram.newBuilder().setTimestamp(NOW))
                        .build(),
                good.toBuilder()
                        .addSamples(Sample.newBuilder().setValue(2).setTimestamp(NOW + 1))
                        .build());
        for (TimeSeries ts : flawed) {
            assertThat(fast(requestOf(good, ts), true, 2000)).as("%s", ts).isNull();
        }
        // the same series in two windows is two samples for both paths
        TimeSeries twoWindows = good.toBuilder()
                .addSamples(Sample.newBuilder().setValue(2).setTimestamp(NOW + 1000))
                .build();
        assertThat(fast(requestOf(twoWindows), true, 2000).samples()).isEqualTo(2);
    }

    @Test
    void countsStaleMarkersAndExemplarsAsTheGeneralPathDoes() {
        TimeSeries ts = series("m_total", Map.of("a", "1"), NOW, 1).toBuilder()
                .addSamples(Sample.newBuilder()
                        .setValue(Double.longBitsToDouble(RemoteWriteConverter.STALE_NAN_BITS))
                        .setTimestamp(NOW + 2000))
                .addExemplars(Exemplar.newBuilder().setValue(1).setTimestamp(NOW))
                .build();
        Written quick = fast(requestOf(ts), true, 2000);
        assertThat(quick.samples()).isEqualTo(1);
        assertThat(quick.stale()).isEqualTo(1);
        assertThat(quick.exemplars()).isEqualTo(1);
        assertThat(quick.describe())
                .isEqualTo(general(WriteRequest.newBuilder().addTimeseries(ts).build(), true, 2000)
                        .describe());
    }

    @Test
    void readsLabelsAndSamplesInAnyFieldOrderAsProtobufDoes() throws IOException {
        // what no encoder writes but protobuf reads: fields out of order, a field twice (the last one counts), a long
        // value (a two-byte length); the fast path reads these field by field and must agree with protobuf
        byte[] body = message(request -> request.writeByteArray(1, message(ts -> {
            ts.writeByteArray(1, message(o -> {
                o.writeString(1, "__name__");
                o.writeString(2, "m_total");
            }));
            ts.writeByteArray(1, message(o -> {
                o.writeString(2, "v1");
                o.writeString(1, "a");
            }));
            ts.writeByteArray(1, message(o -> {
                o.writeString(1, "b");
                o.writeString(2, "first");
                o.writeString(2, "second");
            }));
            ts.writeByteArray(1, message(o -> {
                o.writeString(1, "c");
                o.writeString(2, "y".repeat(200));
            }));
            ts.writeByteArray(2, message(o -> {
                o.writeInt64(2, NOW - 2000);
                o.writeDouble(1, 3.5);
            }));
            ts.writeByteArray(2, message(o -> {
                o.writeDouble(1, 4.5);
                o.writeInt64(2, NOW - 4000);
                o.writeInt64(2, NOW - 1000);
            }));
        })));
        Written quick = fast(body, false, 2000);
        assertThat(quick).isNotNull();
        assertThat(quick.samples()).isEqualTo(2);
        WriteRequest request = WriteRequest.parseFrom(body);
        assertThat(request.getTimeseries(0).getLabels(2).getValue()).isEqualTo("second");
        assertThat(quick.describe()).isEqualTo(general(request, false, 2000).describe());
    }

    @Property
    void noBodyMakesTheFastPathThrow(@ForAll("mutatedBodies") byte[] body) {
        Written quick = fast(body, true, 3);
        if (quick != null) {
            WriteRequest request;
            try {
                request = WriteRequest.parseFrom(body);
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError("the fast path took a body protobuf refuses", e);
            }
            assertThat(quick.describe()).isEqualTo(general(request, true, 3).describe());
        }
    }

    @Provide
    Arbitrary<byte[]> mutatedBodies() {
        return Arbitraries.longs().map(seed -> {
            Random random = new Random(seed);
            return Mutations.mutate(request(random, 0.01).toByteArray(), random);
        });
    }

    // ------------------------------------------------------------------------------------------------ the two paths

    /** Records and counts of one request. */
    private record Written(List<String> records, int samples, int stale, int exemplars) {
        String describe() {
            return String.join("\n", records) + "\nsamples=" + samples + " stale=" + stale + " exemplars=" + exemplars;
        }
    }

    private static Written fast(byte[] body, boolean fold, int perRecord) {
        RemoteWriteTranscoder scan = RemoteWriteTranscoder.scan(body);
        if (scan == null) {
            return null;
        }
        RemoteWriteTranscoder.Transcoded t =
                scan.transcode(TENANT, Limits.DEFAULTS, typeOf(scan.metadata()), NOW, MAX_SAMPLES, perRecord, fold);
        if (t == null) {
            return null;
        }
        List<String> records = new ArrayList<>();
        for (RecordKeys.EncodedRecord r : t.records()) {
            records.add(describe(r.key(), r.value()));
        }
        return new Written(records, t.samples(), t.staleMarkers(), t.exemplars());
    }

    /** What the general path writes; null when it refuses a sample or the request. */
    private static Written general(WriteRequest request, boolean fold, int perRecord) {
        RemoteWriteConverter.Converted converted =
                RemoteWriteConverter.convert(request, typeOf(request.getMetadataList()));
        List<Candidate> candidates = converted.candidates();
        Screened screened = SampleScreen.screen(candidates, Limits.DEFAULTS, NOW);
        if (candidates.size() > MAX_SAMPLES || !screened.errors().isEmpty()) {
            return null;
        }
        MockProducer<byte[], byte[]> producer =
                new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        MetricsRawWriter writer =
                new MetricsRawWriter(producer, "metrics-raw", perRecord, fold, new SimpleMeterRegistry());
        CompletableFuture<Void> written = writer.write(
                TENANT, screened.accepted(), RemoteWriteResource.PROTOCOL, NOW, Limits.DEFAULTS.histogramBuckets());
        assertThat(written).isCompleted();
        List<String> records = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : producer.history()) {
            records.add(describe(r.key(), r.value()));
        }
        return new Written(records, screened.accepted().size(), converted.staleMarkers(), converted.exemplars());
    }

    /** The resource's typing: the request's own metadata (first entry of a family); no earlier requests here. */
    private static Function<String, MetricMetadata.MetricType> typeOf(List<MetricMetadata> metadata) {
        Map<String, MetricMetadata.MetricType> types = new HashMap<>();
        for (MetricMetadata m : metadata) {
            types.putIfAbsent(m.getMetricFamilyName(), m.getType());
        }
        return types::get;
    }

    private static String describe(byte[] key, byte[] value) {
        return new String(key, StandardCharsets.UTF_8) + " " + HexFormat.of().formatHex(value);
    }

    // ------------------------------------------------------------------------------------------------ requests

    /**
     * A request near what Prometheus sends: families of counters and gauges, sorted labels, samples of now; each kind of
     * flaw (unsorted or repeated labels, non-ASCII, reserved or invalid names, keys, bad values, old timestamps, native
     * histograms, a series twice) with probability {@code flaw}.
     */
    private static WriteRequest request(Random random, double flaw) {
        String[] names = {"http_requests_total", "temp", "lat_bucket", "lat_sum", "up", "x_count"};
        String[] labelNames = {"instance", "job", "le", "path", "zone"};
        String[] values = {"a", "host-1", "0.5", "/x=1,y|z\\", "+Inf", "eu_west"};
        WriteRequest.Builder w = WriteRequest.newBuilder();
        int series = random.nextInt(12);
        for (int i = 0; i < series; i++) {
            String name = names[random.nextInt(names.length)];
            if (random.nextDouble() < flaw) {
                String[] bad = {"pulseboard_up", "a-b", "", "x:5m_avg", "\u00e9", "m:1m", "pbk_0123456789abcdef01"};
                name = bad[random.nextInt(bad.length)];
            }
            Map<String, String> labels = new java.util.TreeMap<>();
            int count = random.nextInt(4);
            for (int l = 0; l < count; l++) {
                labels.put(labelNames[random.nextInt(labelNames.length)], values[random.nextInt(values.length)]);
            }
            if (random.nextDouble() < flaw) {
                String[][] bad = {
                    {"tenant", "x"},
                    {"__meta", "x"},
                    {"a b", "x"},
                    {"k", "pbk_0123456789abcdef0123"},
                    {"k", "\u00e9"},
                    {"k", ""},
                    {"job", "x".repeat(3000)}
                };
                String[] b = bad[random.nextInt(bad.length)];
                labels.put(b[0], b[1]);
            }
            TimeSeries.Builder ts = TimeSeries.newBuilder();
            if (!name.isEmpty() || random.nextBoolean()) {
                ts.addLabels(label("__name__", name));
            }
            labels.forEach((k, v) -> ts.addLabels(label(k, v)));
            if (random.nextDouble() < flaw && ts.getLabelsCount() > 1) {
                List<Label> reversed = new ArrayList<>(ts.getLabelsList());
                java.util.Collections.reverse(reversed);
                ts.clearLabels().addAllLabels(reversed);
            }
            if (random.nextDouble() < flaw && ts.getLabelsCount() > 0) {
                ts.addLabels(ts.getLabels(ts.getLabelsCount() - 1));
            }
            int samples = 1 + random.nextInt(random.nextInt(8) == 0 ? 4 : 1);
            for (int s = 0; s < samples; s++) {
                double value = random.nextInt(100) * 0.5;
                long timestamp = NOW - 15_000L * (samples - s) + random.nextInt(3);
                if (random.nextDouble() < flaw) {
                    double[] special = {
                        Double.NaN,
                        Double.POSITIVE_INFINITY,
                        -1,
                        -0.0,
                        0,
                        Double.longBitsToDouble(RemoteWriteConverter.STALE_NAN_BITS)
                    };
                    value = special[random.nextInt(special.length)];
                }
                if (random.nextDouble() < flaw) {
                    long[] special = {0, NOW - 86_400_000L, NOW + 86_400_000L, NOW - 14_999, -5};
                    timestamp = special[random.nextInt(special.length)];
                }
                ts.addSamples(Sample.newBuilder().setValue(value).setTimestamp(timestamp));
            }
            if (random.nextDouble() < flaw) {
                ts.addExemplars(Exemplar.newBuilder().setValue(1).setTimestamp(NOW));
            }
            if (random.nextDouble() < flaw / 3) {
                ts.addHistograms(Histogram.newBuilder().setTimestamp(NOW));
            }
            w.addTimeseries(ts);
            if (random.nextDouble() < flaw) {
                w.addTimeseries(ts); // the same series again: the general path folds or refuses it
            }
        }
        if (random.nextInt(4) == 0) {
            w.addMetadata(MetricMetadata.newBuilder()
                    .setMetricFamilyName(names[random.nextInt(names.length)].replace("_total", ""))
                    .setTypeValue(random.nextInt(8)));
        }
        return w.build();
    }

    private static TimeSeries series(String name, Map<String, String> labels, long timestamp, double value) {
        TimeSeries.Builder ts = TimeSeries.newBuilder().addLabels(label("__name__", name));
        new java.util.TreeMap<>(labels).forEach((k, v) -> ts.addLabels(label(k, v)));
        return ts.addSamples(Sample.newBuilder().setValue(value).setTimestamp(timestamp))
                .build();
    }

    private static Label label(String name, String value) {
        return Label.newBuilder().setName(name).setValue(value).build();
    }

    private static byte[] requestOf(TimeSeries... series) {
        WriteRequest.Builder w = WriteRequest.newBuilder();
        for (TimeSeries ts : series) {
            w.addTimeseries(ts);
        }
        return w.build().toByteArray();
    }
}
