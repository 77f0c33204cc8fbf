package dev.pulseboard.deploy.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class IngestLoadBenchmarkStoreTest {
    private static final String METRICS = """
            # HELP go_gc_duration_seconds A summary of the pause duration of garbage collection cycles.
            go_gc_duration_seconds_sum 0.25
            go_gc_duration_seconds_count 277
            prometheus_http_request_duration_seconds_sum{handler="/api/v1/query"} 9.5
            prometheus_http_request_duration_seconds_sum{handler="/api/v1/write"} 123.75
            prometheus_http_request_duration_seconds_count{handler="/api/v1/write"} 4000
            """;

    @Test
    void readsTheWriteHandlersTimeAndTheGcCyclesFromTheStoresMetrics() {
        assertThat(IngestLoadBenchmark.Store.counter(
                        METRICS, "prometheus_http_request_duration_seconds_sum{handler=\"/api/v1/write\"} "))
                .isEqualTo(123.75);
        assertThat(IngestLoadBenchmark.Store.counter(METRICS, "go_gc_duration_seconds_count "))
                .isEqualTo(277);
        assertThat(IngestLoadBenchmark.Store.counter(METRICS, "no_such_metric "))
                .isNaN();
    }

    @Test
    void countsTheWindowsWrittenWhileTheStoreWasBusy() {
        // samples a second apart: 0.2 s of handler time, then 3 s (busy, the interval ending at 3,000), then 0.5 s
        List<double[]> samples = List.of(
                new double[] {1_000, 10.0, 5},
                new double[] {2_000, 10.2, 5},
                new double[] {3_000, 13.2, 6},
                new double[] {4_000, 13.7, 6});
        List<long[]> windows = List.of(
                new long[] {2_000, 1_500, 1_400}, // slow, written over the busy second
                new long[] {3_000, 1_200, 1_200}, // slow, written after it
                new long[] {1_500, 600, 600}, // fast, its second of writing overlaps the busy one
                new long[] {3_500, 500, 500}); // fast, after it

        IngestLoadBenchmark.Store.Seconds s = IngestLoadBenchmark.Store.summarise(samples, windows);

        assertThat(s.slow()).isEqualTo(2);
        assertThat(s.slowBusy()).isEqualTo(1);
        assertThat(s.fast()).isEqualTo(2);
        assertThat(s.fastBusy()).isEqualTo(1);
        assertThat(s.gcCycles()).isEqualTo(1);
        assertThat(s.max()).isCloseTo(3.0, offset(1e-9));
        assertThat(s.p50()).isCloseTo(0.5, offset(1e-9));
    }
}
