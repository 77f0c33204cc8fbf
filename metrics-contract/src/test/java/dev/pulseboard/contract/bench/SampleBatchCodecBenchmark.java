package dev.pulseboard.contract.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.contract.wire.v1.SampleBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * The metrics-raw wire format (framed protobuf SampleBatch) against its obvious peer, the same batch as JSON with
 * Jackson: encode and decode time per batch. Each gateway record and each pipeline read pays one of each, so this
 * is the codec share of the per-sample budget (1,000,000 samples/s on 2 cores = 2 µs of CPU per sample in all).
 * Run: see docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SampleBatchCodecBenchmark {
    @Param({"100", "2000"})
    int samples;

    private final ObjectMapper json = new ObjectMapper();
    private SampleBatch batch;
    private JsonBatch jsonBatch;
    private byte[] protobufBytes;
    private byte[] jsonBytes;

    /** The JSON peer's shape: the same fields the protobuf carries. */
    public record JsonSample(String name, String type, Map<String, String> labels, double value, long timestampMs) {}

    public record JsonBatch(String tenant, long receivedAtMs, String source, List<JsonSample> samples) {}

    @Setup
    public void setUp() throws Exception {
        SampleBatch.Builder b = SampleBatch.newBuilder()
                .setTenant("acme")
                .setSource("http-json")
                .setReceivedAtMs(1);
        List<JsonSample> js = new ArrayList<>(samples);
        for (int i = 0; i < samples; i++) {
            String instance = "web-" + (i % 10);
            String region = "region-" + (i % 3);
            double value = i * 1.5;
            long ts = 1_764_000_000_000L + i;
            b.addSamples(Sample.newBuilder()
                    .setName("http_request_duration_seconds")
                    .setType(MetricType.HISTOGRAM)
                    .addLabels(Label.newBuilder().setName("instance").setValue(instance))
                    .addLabels(Label.newBuilder().setName("region").setValue(region))
                    .setValue(value)
                    .setTimestampMs(ts));
            Map<String, String> labels = new TreeMap<>(Map.of("instance", instance, "region", region));
            js.add(new JsonSample("http_request_duration_seconds", "histogram", labels, value, ts));
        }
        batch = b.build();
        jsonBatch = new JsonBatch("acme", 1, "http-json", js);
        protobufBytes = WireCodec.encode(batch);
        jsonBytes = json.writeValueAsBytes(jsonBatch);
    }

    @Benchmark
    public byte[] encodeProtobuf() {
        return WireCodec.encode(batch);
    }

    @Benchmark
    public byte[] encodeJsonJackson() throws Exception {
        return json.writeValueAsBytes(jsonBatch);
    }

    @Benchmark
    public SampleBatch decodeProtobuf() {
        return WireCodec.decode(protobufBytes, SampleBatch.parser()).message();
    }

    @Benchmark
    public JsonBatch decodeJsonJackson() throws Exception {
        return json.readValue(jsonBytes, JsonBatch.class);
    }

    /** Prints the encoded sizes, the other half of the comparison. */
    public static void main(String[] args) throws Exception {
        SampleBatchCodecBenchmark b = new SampleBatchCodecBenchmark();
        b.samples = 2000;
        b.setUp();
        System.out.printf(
                "2000 samples: protobuf %d bytes, JSON %d bytes (%.2fx)%n",
                b.protobufBytes.length, b.jsonBytes.length, (double) b.jsonBytes.length / b.protobufBytes.length);
    }
}
