package dev.pulseboard.gateway.ingest.textformat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.errors.ApiException;
import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.limits.Limits;
import dev.pulseboard.gateway.ingest.textformat.TextExpositionParser.Format;
import dev.pulseboard.gateway.ingest.validation.SampleError;
import dev.pulseboard.gateway.ingest.validation.SampleScreen;
import dev.pulseboard.gateway.testing.Mutations;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every text body, random or a mutation of a valid exposition, in either format, is parsed, converted and screened
 * without an exception other than the whole-body refusal, and every refusal carries a registered error id; every
 * grouping path is read or refused with a 4xx and a registered id.
 */
class TextExpositionPropertiesTest {
    private static final long NOW = 1_800_000_000_000L;
    private static final List<String> VALID = List.of("""
            # HELP http_requests_total The total number of HTTP requests.
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200"} 1027 1800000000000
            msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.4e9
            # TYPE lat histogram
            lat_bucket{le="0.05"} 24054
            lat_bucket{le="+Inf"} 144320
            lat_sum 53423
            lat_count 144320
            """, """
            # TYPE jobs counter
            jobs_total{q="a"} 17 1800000000.5 # {trace_id="abc"} 1 1799999999
            jobs_created{q="a"} 1799999000.25
            # TYPE s summary
            s{quantile="0.5"} 4773
            s_count 3
            # EOF
            """);

    @Property
    void aBodyIsParsedOrRefusedAsAWholeWithAnId(@ForAll("bodies") String body, @ForAll boolean openMetrics) {
        try {
            TextExpositionParser.Parsed parsed =
                    TextExpositionParser.parse(body, openMetrics ? Format.OPENMETRICS_1_0 : Format.PROMETHEUS_0_0_4);
            var candidates = TextExpositionConverter.convert(parsed, Map.of("job", "j"), NOW);
            for (SampleError e :
                    SampleScreen.screen(candidates, Limits.DEFAULTS, NOW).errors()) {
                assertThat(ErrorId.byId(e.id())).as(e.id()).isNotNull();
            }
        } catch (TextExpositionParser.MalformedExposition e) {
            assertThat(openMetrics).as("only OpenMetrics refuses a whole body").isTrue();
        }
    }

    @Property
    void aGroupingPathIsReadOrRefusedWithA4xx(@ForAll("paths") String path) {
        try {
            assertThat(GroupingPath.parse(path)).containsKey("job");
        } catch (ApiException e) {
            assertThat(e.kind().status()).isBetween(400, 499);
            assertThat(ErrorId.byId(e.errorId())).as(e.errorId()).isNotNull();
        }
    }

    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(120), Arbitraries.longs().map(seed -> {
                    Random random = new Random(seed);
                    return Mutations.mutate(VALID.get(random.nextInt(VALID.size())), random);
                }));
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(60),
                Arbitraries.longs()
                        .map(seed -> Mutations.mutate(
                                "job@base64/bmlnaHRseS9ldGw/instance/host%3A9100/path@base64/=", new Random(seed))));
    }
}
