package dev.pulseboard.contract.bench;

import dev.pulseboard.contract.limits.HistogramBuckets;
import dev.pulseboard.contract.wire.RecordKeys;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the gateway pays per request to turn validated samples into metrics-raw records, encoded: every sample as it is
 * ({@code RecordKeys.batchByShard}, its peer) against the edge fold ({@code RecordKeys.foldedByShard}, ADR 005), for a
 * request of {@code samples} samples over {@code series} series of one second. With as many series as samples (the
 * load benchmark's JSON batches) folding finds nothing to fold and costs its hashing; with few series (a StatsD packet
 * of one hot counter, 40 lines) it writes one window instead of 40 samples. Run: see docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EdgeFoldBenchmark {
    @Param({"1000:1000", "1000:100", "40:1"})
    String samplesAndSeries;

    private List<Sample> samples;

    @Setup
    public void setUp() {
        String[] p = samplesAndSeries.split(":");
        int n = Integer.parseInt(p[0]);
        int series = Integer.parseInt(p[1]);
        samples = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            samples.add(Sample.newBuilder()
                    .setName("bench_requests_total")
                    .setType(MetricType.COUNTER)
                    .addLabels(Label.newBuilder().setName("run").setValue("r1"))
                    .addLabels(Label.newBuilder().setName("series").setValue(Integer.toString(i % series)))
                    .setValue(1)
                    .setTimestampMs(1_764_000_000_000L + i % 1000)
                    .build());
        }
    }

    @Benchmark
    public long asTheyAre() {
        return encode(RecordKeys.batchByShard("acme", samples, "http-json", 1));
    }

    @Benchmark
    public long folded() {
        return encode(RecordKeys.foldedByShard("acme", samples, "http-json", 1, HistogramBuckets.PROMETHEUS_DEFAULT));
    }

    private static long encode(List<RecordKeys.KeyedBatch> batches) {
        long bytes = 0;
        for (RecordKeys.KeyedBatch kb : batches) {
            bytes += WireCodec.encode(kb.batch()).length;
        }
        return bytes;
    }
}
