package dev.pulseboard.query.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every store series name of docs/metrics.md, with its rollups, mapped to the family and type Prometheus would report. */
class MetricFamiliesTest {

    private static Map<String, MetricFamilies.Type> types(String... names) {
        Map<String, MetricFamilies.Type> types = new TreeMap<>();
        MetricFamilies.of(List.of(names)).forEach((family, m) -> types.put(family, m.type()));
        return types;
    }

    @Test
    void aCounterIsItsTotalUnderItsOwnName() {
        assertThat(types("http_requests_total"))
                .containsExactly(entry("http_requests_total", MetricFamilies.Type.COUNTER));
    }

    @Test
    void aGaugeIsKnownByItsWindowMinimumAndMaximum() {
        assertThat(types("cpu_usage_percent", "cpu_usage_percent:1s_min", "cpu_usage_percent:1s_max"))
                .containsExactly(
                        entry("cpu_usage_percent", MetricFamilies.Type.GAUGE),
                        entry("cpu_usage_percent:1s_max", MetricFamilies.Type.GAUGE),
                        entry("cpu_usage_percent:1s_min", MetricFamilies.Type.GAUGE));
    }

    @Test
    void aHistogramIsOneFamilyWithoutItsSuffixesAndItsWindowQuantilesAreGauges() {
        assertThat(types(
                        "http_request_duration_seconds_bucket",
                        "http_request_duration_seconds_sum",
                        "http_request_duration_seconds_count",
                        "http_request_duration_seconds:1s_quantile"))
                .containsExactly(
                        entry("http_request_duration_seconds", MetricFamilies.Type.HISTOGRAM),
                        entry("http_request_duration_seconds:1s_quantile", MetricFamilies.Type.GAUGE));
    }

    @Test
    void aSetsDistinctCountAndACounterWithoutTotalCannotBeToldApart() {
        assertThat(types("unique_visitors", "logins"))
                .containsExactly(
                        entry("logins", MetricFamilies.Type.UNKNOWN),
                        entry("unique_visitors", MetricFamilies.Type.UNKNOWN));
    }

    @Test
    void aClientSummaryHasSumAndCountButNoBuckets() {
        // its {quantile} series are gauges to the pipeline, so they have window minimum and maximum series too
        assertThat(types(
                        "rpc_duration_seconds",
                        "rpc_duration_seconds:1s_min",
                        "rpc_duration_seconds:1s_max",
                        "rpc_duration_seconds_sum",
                        "rpc_duration_seconds_count"))
                .containsExactly(
                        entry("rpc_duration_seconds", MetricFamilies.Type.SUMMARY),
                        entry("rpc_duration_seconds:1s_max", MetricFamilies.Type.GAUGE),
                        entry("rpc_duration_seconds:1s_min", MetricFamilies.Type.GAUGE));
    }

    @Test
    void rollupsKeepTheirSeriesTypeAtEveryResolution() {
        for (String r : List.of("1m", "5m", "1h")) {
            assertThat(types("http_requests_total:" + r))
                    .containsExactly(entry("http_requests_total:" + r, MetricFamilies.Type.COUNTER));
            assertThat(types(
                            "cpu_usage_percent:" + r,
                            "cpu_usage_percent:" + r + "_min",
                            "cpu_usage_percent:" + r + "_max",
                            "cpu_usage_percent:" + r + "_avg"))
                    .containsExactly(
                            entry("cpu_usage_percent:" + r, MetricFamilies.Type.GAUGE),
                            entry("cpu_usage_percent:" + r + "_avg", MetricFamilies.Type.GAUGE),
                            entry("cpu_usage_percent:" + r + "_max", MetricFamilies.Type.GAUGE),
                            entry("cpu_usage_percent:" + r + "_min", MetricFamilies.Type.GAUGE));
            assertThat(types(
                            "latency_seconds_bucket:" + r,
                            "latency_seconds_sum:" + r,
                            "latency_seconds_count:" + r,
                            "latency_seconds:" + r + "_quantile"))
                    .containsExactly(
                            entry("latency_seconds:" + r, MetricFamilies.Type.HISTOGRAM),
                            entry("latency_seconds:" + r + "_quantile", MetricFamilies.Type.GAUGE));
            assertThat(types("unique_visitors:" + r))
                    .containsExactly(entry("unique_visitors:" + r, MetricFamilies.Type.UNKNOWN));
        }
    }

    @Test
    void aRollupIsJudgedAmongTheNamesOfItsOwnResolution() {
        // buckets at 1 s do not make a 1 m sum and count a histogram: without 1 m buckets they are a summary's
        assertThat(types("x_bucket", "x_sum:1m", "x_count:1m"))
                .containsExactly(entry("x", MetricFamilies.Type.HISTOGRAM), entry("x:1m", MetricFamilies.Type.SUMMARY));
        // a 1 m rollup of a gauge is a gauge by its own 1 m minimum, not by the 1 s one
        assertThat(types("g:1s_min", "g:1m")).containsEntry("g:1m", MetricFamilies.Type.UNKNOWN);
    }

    @Test
    void pulseboardsOwnAccountingSeriesAreCounters() {
        assertThat(types("pulseboard_samples_total", "pulseboard_samples_retimed_total"))
                .containsExactly(
                        entry("pulseboard_samples_retimed_total", MetricFamilies.Type.COUNTER),
                        entry("pulseboard_samples_total", MetricFamilies.Type.COUNTER));
    }

    @Test
    void suffixesWithoutTheirFamilyAreJudgedAsPlainNames() {
        assertThat(types("queue_count", "queue_count:1s_min", "queue_count:1s_max", "bytes_sum"))
                .containsEntry("queue_count", MetricFamilies.Type.GAUGE)
                .containsEntry("bytes_sum", MetricFamilies.Type.UNKNOWN);
    }

    @Test
    void aFamilyWhoseNamesDisagreeIsUnknown() {
        assertThat(types("x_total", "x_total_bucket", "x_total_sum", "x_total_count"))
                .containsExactly(entry("x_total", MetricFamilies.Type.UNKNOWN));
    }

    @Test
    void everyFamilyOfAWholeTenantOnceWithAHelpThatSaysWhereTheTypeComesFrom() {
        var families = MetricFamilies.of(List.of(
                "http_requests_total",
                "http_requests_total",
                "http_request_duration_seconds_bucket",
                "http_request_duration_seconds_sum",
                "http_request_duration_seconds_count",
                "http_request_duration_seconds_bucket:1m",
                "http_request_duration_seconds_sum:1m",
                "http_request_duration_seconds_count:1m"));
        assertThat(families)
                .containsOnlyKeys(
                        "http_requests_total", "http_request_duration_seconds", "http_request_duration_seconds:1m");
        assertThat(families.values())
                .allSatisfy(m -> assertThat(m.help())
                        .endsWith("derived from the series name by Pulseboard's" + " naming conventions."));
        assertThat(families.get("http_request_duration_seconds:1m").help()).startsWith("Histogram (1m rollup): ");
        assertThat(MetricFamilies.of(List.of())).isEmpty();
    }

    @Test
    void typesAreSpelledAsPrometheusSpellsThem() {
        assertThat(List.of(MetricFamilies.Type.values()))
                .extracting(MetricFamilies.Type::wireName)
                .containsExactly("counter", "gauge", "histogram", "summary", "unknown");
    }
}
