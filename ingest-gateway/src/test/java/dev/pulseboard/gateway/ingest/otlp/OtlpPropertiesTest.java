package dev.pulseboard.gateway.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.errors.ApiException;
import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.limits.HistogramBuckets;
import dev.pulseboard.contract.limits.Limits;
import dev.pulseboard.gateway.ingest.validation.SampleError;
import dev.pulseboard.gateway.ingest.validation.SampleScreen;
import dev.pulseboard.gateway.testing.Mutations;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every OTLP body, binary or JSON, random or a mutation of a valid request, is decoded, converted and screened without
 * an exception, or refused with a 4xx and a registered error id.
 */
class OtlpPropertiesTest {
    private static final long NOW = 1_800_000_000_000L;
    private static final String NANOS = Long.toString(NOW * 1_000_000L);
    private static final List<String> VALID_JSON =
            List.of("""
            {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"j"}}]},
             "scopeMetrics":[{"metrics":[{"name":"g","unit":"s","gauge":{"dataPoints":[{"asDouble":1.5,
             "timeUnixNano":"%s","attributes":[{"key":"a.b","value":{"intValue":"3"}}]}]}}]}]}]}""".formatted(NANOS), """
            {"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"c","sum":{"aggregationTemporality":2,
             "isMonotonic":true,"dataPoints":[{"asInt":"7","timeUnixNano":"%s","startTimeUnixNano":"1"}]}},
             {"name":"h","histogram":{"aggregationTemporality":1,"dataPoints":[{"count":"3","sum":2.5,
             "bucketCounts":["1","2"],"explicitBounds":[1],"timeUnixNano":"%s"}]}},
             {"name":"e","exponentialHistogram":{"aggregationTemporality":2,"dataPoints":[{"count":"2","scale":3,
             "zeroCount":"1","positive":{"offset":-2,"bucketCounts":["1"]},"negative":{"offset":5,
             "bucketCounts":["0"]},"timeUnixNano":"%s"}]}},
             {"name":"s","summary":{"dataPoints":[{"count":"2","sum":3,"quantileValues":[{"quantile":0.5,
             "value":1}],"timeUnixNano":"%s"}]}}]}]}]}""".formatted(NANOS, NANOS, NANOS, NANOS));

    @Property
    void aJsonBodyIsDecodedOrRefusedWithA4xx(@ForAll("jsonBodies") String body) {
        check(body.getBytes(StandardCharsets.UTF_8), true);
    }

    @Property
    void aProtobufBodyIsDecodedOrRefusedWithA4xx(@ForAll("protobufBodies") byte[] body) {
        check(body, false);
    }

    private static void check(byte[] body, boolean json) {
        try {
            ExportMetricsServiceRequest request = OtlpDecoder.decode(body, json);
            OtlpConverter.Converted converted =
                    OtlpConverter.convert(request, HistogramBuckets.PROMETHEUS_DEFAULT, NOW);
            for (SampleError e : SampleScreen.screen(converted.candidates(), Limits.DEFAULTS, NOW)
                    .errors()) {
                assertThat(ErrorId.byId(e.id())).as(e.id()).isNotNull();
            }
        } catch (ApiException e) {
            assertThat(e.kind().status()).isBetween(400, 499);
            assertThat(ErrorId.byId(e.errorId())).as(e.errorId()).isNotNull();
        }
    }

    @Provide
    Arbitrary<String> jsonBodies() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(120), Arbitraries.longs().map(seed -> {
                    Random random = new Random(seed);
                    return Mutations.mutate(VALID_JSON.get(random.nextInt(VALID_JSON.size())), random);
                }));
    }

    @Provide
    Arbitrary<byte[]> protobufBodies() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
                Arbitraries.longs().map(seed -> {
                    Random random = new Random(seed);
                    byte[] valid = OtlpDecoder.decode(
                                    VALID_JSON
                                            .get(random.nextInt(VALID_JSON.size()))
                                            .getBytes(StandardCharsets.UTF_8),
                                    true)
                            .toByteArray();
                    return Mutations.mutate(valid, random);
                }));
    }
}
