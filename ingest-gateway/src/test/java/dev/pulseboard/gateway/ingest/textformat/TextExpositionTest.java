package dev.pulseboard.gateway.ingest.textformat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulseboard.contract.errors.ApiException;
import dev.pulseboard.contract.prometheus.MetricMetadata;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.contract.wire.v1.Temporality;
import dev.pulseboard.gateway.ingest.textformat.TextExpositionParser.Format;
import dev.pulseboard.gateway.ingest.textformat.TextExpositionParser.Parsed;
import dev.pulseboard.gateway.ingest.validation.Candidate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TextExpositionTest {
    private static final long NOW = 1_800_000_000_000L;

    /** The example of Prometheus' exposition format documentation. */
    private static final String DOCS_EXAMPLE = """
            # HELP http_requests_total The total number of HTTP requests.
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200"} 1027 1395066363000
            http_requests_total{method="post",code="400"}    3 1395066363000

            # Escaping in label values:
            msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9

            # Minimalistic line:
            metric_without_timestamp_and_labels 12.47

            # A weird metric from before the epoch:
            something_weird{problem="division by zero"} +Inf -3982045

            # A histogram, which has a pretty complex representation in the text format:
            # HELP http_request_duration_seconds A histogram of the request duration.
            # TYPE http_request_duration_seconds histogram
            http_request_duration_seconds_bucket{le="0.05"} 24054
            http_request_duration_seconds_bucket{le="0.1"} 33444
            http_request_duration_seconds_bucket{le="+Inf"} 144320
            http_request_duration_seconds_sum 53423
            http_request_duration_seconds_count 144320

            # Finally a summary, which has a complex representation, too:
            # HELP rpc_duration_seconds A summary of the RPC duration in seconds.
            # TYPE rpc_duration_seconds summary
            rpc_duration_seconds{quantile="0.01"} 3102
            rpc_duration_seconds{quantile="0.5"} 4773
            rpc_duration_seconds_sum 1.7560473e+07
            rpc_duration_seconds_count 2693
            """;

    @Test
    void theDocumentationsExampleParsesCompletely() {
        Parsed parsed = TextExpositionParser.parse(DOCS_EXAMPLE, Format.PROMETHEUS_0_0_4);
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.samples()).hasSize(14);
        assertThat(parsed.types())
                .containsEntry("http_requests_total", MetricMetadata.MetricType.COUNTER)
                .containsEntry("http_request_duration_seconds", MetricMetadata.MetricType.HISTOGRAM)
                .containsEntry("rpc_duration_seconds", MetricMetadata.MetricType.SUMMARY);
        var msdos = parsed.samples().get(2);
        assertThat(msdos.labels())
                .containsEntry("path", "C:\\DIR\\FILE.TXT")
                .containsEntry("error", "Cannot find file:\n\"FILE.TXT\"");
        assertThat(msdos.timestampMs()).isEqualTo(TextExpositionParser.NO_TIMESTAMP);
        var weird = parsed.samples().get(4);
        assertThat(weird.value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(weird.timestampMs()).isEqualTo(-3982045);
        assertThat(parsed.samples().get(1).value()).isEqualTo(3);
        assertThat(parsed.samples().get(1).timestampMs()).isEqualTo(1395066363000L);
    }

    @Test
    void samplesAreTypedAsPrometheusStoresThemWithTheGroupingLabelsWinning() {
        Map<String, Sample> byKey = convert(
                        TextExpositionParser.parse(DOCS_EXAMPLE, Format.PROMETHEUS_0_0_4),
                        Map.of("job", "batch", "method", "from-path"))
                .stream()
                .collect(Collectors.toMap(TextExpositionTest::key, s -> s, (a, b) -> a));
        Sample requests = byKey.get("http_requests_total{code=400,job=batch,method=from-path}");
        assertThat(requests.getTemporality()).isEqualTo(Temporality.CUMULATIVE);
        assertThat(requests.getTimestampMs()).isEqualTo(1395066363000L);
        assertThat(byKey.get("http_request_duration_seconds_bucket{job=batch,le=0.05,method=from-path}")
                        .getTemporality())
                .isEqualTo(Temporality.CUMULATIVE);
        assertThat(byKey.get("rpc_duration_seconds{job=batch,method=from-path,quantile=0.5}")
                        .getTemporality())
                .isEqualTo(Temporality.DELTA); // a gauge: quantiles are not counters
        assertThat(byKey.get("rpc_duration_seconds_count{job=batch,method=from-path}")
                        .getTemporality())
                .isEqualTo(Temporality.CUMULATIVE);
        assertThat(byKey.get("metric_without_timestamp_and_labels{job=batch,method=from-path}")
                        .getTimestampMs())
                .isEqualTo(NOW);
    }

    @Test
    void openMetricsTimestampsAreSecondsCreatedIsTheStartAndBoundsAreRespelled() {
        String body = """
                # TYPE jobs counter
                # UNIT jobs jobs
                jobs_total{q="a"} 17 1800000000.5 # {trace_id="abc"} 1 1799999999
                jobs_created{q="a"} 1799999000.25
                # TYPE lat histogram
                lat_bucket{le="1.0"} 2
                lat_bucket{le="+Inf"} 3
                lat_count 3
                lat_sum 4.5
                lat_created 1799999100
                # EOF
                """;
        Parsed parsed = TextExpositionParser.parse(body, Format.OPENMETRICS_1_0);
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.exemplars()).isEqualTo(1);
        List<Sample> samples = convert(parsed, Map.of("job", "j"));
        assertThat(samples).extracting(Sample::getName).doesNotContain("jobs_created", "lat_created");
        Sample jobs = samples.get(0);
        assertThat(jobs.getTimestampMs()).isEqualTo(1_800_000_000_500L);
        assertThat(jobs.getStartTimestampMs()).isEqualTo(1_799_999_000_250L);
        assertThat(key(samples.get(1))).isEqualTo("lat_bucket{job=j,le=1}");
        assertThat(samples.get(1).getStartTimestampMs()).isEqualTo(1_799_999_100_000L);
    }

    @Test
    void badLinesAreReportedByNumberAndTheRestStillParses() {
        String body = """
                good 1
                1bad 2
                no_value
                unclosed{a="x} 1
                twice{a="1",a="2"} 1
                # TYPE t flavour
                val 1d
                ts 1 12.5
                trailing 1 2 3
                also_good{a="1",} 2
                """;
        Parsed parsed = TextExpositionParser.parse(body, Format.PROMETHEUS_0_0_4);
        assertThat(parsed.samples())
                .extracting(TextExpositionParser.TextSample::name)
                .containsExactly("good", "also_good");
        assertThat(parsed.errors())
                .extracting(TextExpositionParser.LineError::line)
                .containsExactly(2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(parsed.errors()).allSatisfy(e -> assertThat(e.message()).startsWith("line " + e.line() + ": "));
        assertThat(TextExpositionConverter.convert(parsed, Map.of("job", "j"), NOW))
                .filteredOn(c -> c instanceof Candidate.Undecodable)
                .hasSize(8)
                .allSatisfy(c -> assertThat(((Candidate.Undecodable) c).id()).isEqualTo("err-pb-text-malformed"));
    }

    @Test
    void anOpenMetricsBodyMustEndWithEofAndNothingAfterIt() {
        assertThatThrownBy(() -> TextExpositionParser.parse("a 1\n", Format.OPENMETRICS_1_0))
                .isInstanceOf(TextExpositionParser.MalformedExposition.class)
                .hasMessageContaining("# EOF");
        assertThatThrownBy(() -> TextExpositionParser.parse("a 1\n# EOF\nb 2\n", Format.OPENMETRICS_1_0))
                .hasMessageContaining("line 3: content after '# EOF'");
        assertThat(TextExpositionParser.parse("a 1\n# EOF\n", Format.OPENMETRICS_1_0)
                        .samples())
                .hasSize(1);
    }

    @Test
    void groupingPathsAreReadAsThePushgatewayReadsThem() {
        assertThat(GroupingPath.parse("job/batch/instance/host%3A9100"))
                .containsExactly(Map.entry("instance", "host:9100"), Map.entry("job", "batch"));
        assertThat(GroupingPath.parse("job@base64/bmlnaHRseS9ldGw/path@base64/="))
                .containsEntry("job", "nightly/etl")
                .containsEntry("path", "");
        assertThat(GroupingPath.parse("job/a+b")).containsEntry("job", "a+b");
        for (String bad :
                List.of("job", "instance/a", "job/a/b", "job/", "job/a/9x/y", "job/a/job/b", "job@base64/%%")) {
            assertThatThrownBy(() -> GroupingPath.parse(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.errorId()).isEqualTo("err-pb-push-grouping-invalid"));
        }
    }

    private static List<Sample> convert(Parsed parsed, Map<String, String> grouping) {
        return TextExpositionConverter.convert(parsed, grouping, NOW).stream()
                .map(c -> ((Candidate.Decoded) c).sample())
                .toList();
    }

    private static String key(Sample s) {
        return s.getName()
                + s.getLabelsList().stream()
                        .map((Label l) -> l.getName() + "=" + l.getValue())
                        .collect(Collectors.joining(",", "{", "}"));
    }
}
