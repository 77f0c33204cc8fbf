package dev.pulseboard.gateway.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.errors.ApiException;
import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.limits.Limits;
import dev.pulseboard.contract.prometheus.Label;
import dev.pulseboard.contract.prometheus.MetricMetadata;
import dev.pulseboard.contract.prometheus.Sample;
import dev.pulseboard.contract.prometheus.TimeSeries;
import dev.pulseboard.contract.prometheus.WriteRequest;
import dev.pulseboard.gateway.ingest.validation.SampleError;
import dev.pulseboard.gateway.ingest.validation.SampleScreen;
import dev.pulseboard.gateway.testing.Mutations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.xerial.snappy.Snappy;

/**
 * Every remote-write body, random bytes, a mutation of a valid compressed request, or a valid request of random content,
 * is decoded, converted and screened without an exception, or refused with a 4xx and a registered error id.
 */
class RemoteWritePropertiesTest {
    private static final long NOW = 1_800_000_000_000L;
    private static final long MAX_DECOMPRESSED = 1 << 20;

    @Property
    void aBodyIsDecodedOrRefusedWithA4xxAndARegisteredId(@ForAll("bodies") byte[] body) {
        try {
            screen(RemoteWriteDecoder.decode(body, MAX_DECOMPRESSED));
        } catch (ApiException e) {
            assertThat(e.kind().status()).isBetween(400, 499);
            assertThat(ErrorId.byId(e.errorId())).as(e.errorId()).isNotNull();
        }
    }

    @Property
    void anyWellFormedRequestConvertsAndScreensWithoutThrowing(@ForAll("requests") WriteRequest request) {
        screen(request);
    }

    private static void screen(WriteRequest request) {
        RemoteWriteConverter.Converted converted = RemoteWriteConverter.convert(request, family -> null);
        for (SampleError e : SampleScreen.screen(converted.candidates(), Limits.DEFAULTS, NOW)
                .errors()) {
            assertThat(ErrorId.byId(e.id())).as(e.id()).isNotNull();
        }
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
                Arbitraries.longs().map(seed -> {
                    Random random = new Random(seed);
                    return Mutations.mutate(compress(request(random)), random);
                }));
    }

    @Provide
    Arbitrary<WriteRequest> requests() {
        return Arbitraries.longs().map(seed -> request(new Random(seed)));
    }

    /** A request of random but well-typed content: names, labels and values from hostile alphabets. */
    private static WriteRequest request(Random random) {
        String alphabet = "ab_:_0.-{}\"\\ \u00e9tenantTENANT__name__le";
        WriteRequest.Builder w = WriteRequest.newBuilder();
        int series = random.nextInt(4);
        for (int i = 0; i < series; i++) {
            TimeSeries.Builder ts = TimeSeries.newBuilder();
            int labels = random.nextInt(4);
            for (int l = 0; l < labels; l++) {
                ts.addLabels(Label.newBuilder()
                        .setName(random.nextInt(3) == 0 ? "__name__" : text(random, alphabet))
                        .setValue(text(random, alphabet)));
            }
            int samples = random.nextInt(3);
            for (int s = 0; s < samples; s++) {
                double[] special = {
                    Double.NaN,
                    Double.POSITIVE_INFINITY,
                    -1,
                    0,
                    1e308,
                    Double.longBitsToDouble(RemoteWriteConverter.STALE_NAN_BITS)
                };
                ts.addSamples(Sample.newBuilder()
                        .setValue(
                                random.nextBoolean() ? special[random.nextInt(special.length)] : random.nextGaussian())
                        .setTimestamp(NOW + random.nextLong() % 10_000_000L));
            }
            w.addTimeseries(ts);
        }
        if (random.nextBoolean()) {
            w.addMetadata(MetricMetadata.newBuilder()
                    .setMetricFamilyName(text(random, alphabet))
                    .setTypeValue(random.nextInt(10)));
        }
        return w.build();
    }

    private static String text(Random random, String alphabet) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static byte[] compress(WriteRequest request) {
        try {
            return Snappy.compress(request.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
