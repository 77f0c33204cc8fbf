package dev.pulseboard.gateway.ingest.remotewrite;

import dev.pulseboard.contract.limits.Limits;
import dev.pulseboard.contract.prometheus.Label;
import dev.pulseboard.contract.prometheus.Sample;
import dev.pulseboard.contract.prometheus.TimeSeries;
import dev.pulseboard.contract.prometheus.WriteRequest;
import dev.pulseboard.contract.wire.RecordKeys;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.gateway.ingest.validation.SampleScreen;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A decompressed remote-write request of 2000 series of one sample each (bench-ingest's: name, instance, job, series),
 * to encoded metrics-raw records: the general path (protobuf decode, {@link RemoteWriteConverter}, the sample screen,
 * the edge fold, protobuf encode) against the fast path ({@link RemoteWriteTranscoder}), its peer, in the same run.
 * Both produce the same bytes ({@code RemoteWriteTranscoderTest}). Run: see docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RemoteWriteTranscoderBenchmark {
    private static final int SERIES = 2000;
    private static final String TENANT = "bench";

    private byte[] body;
    private long now;

    @Setup
    public void setUp() {
        now = System.currentTimeMillis();
        body = request(now);
    }

    /** The benchmark's request: {@value #SERIES} series of one sample each, stamped a second before {@code now}. */
    static byte[] request(long now) {
        WriteRequest.Builder w = WriteRequest.newBuilder();
        for (int id = 0; id < SERIES; id++) {
            w.addTimeseries(TimeSeries.newBuilder()
                    .addLabels(label("__name__", "bench_rw"))
                    .addLabels(label("instance", "host-" + (id % 100)))
                    .addLabels(label("job", "bench"))
                    .addLabels(label("series", Integer.toString(id)))
                    .addSamples(Sample.newBuilder().setValue(id).setTimestamp(now - 1000)));
        }
        return w.build().toByteArray();
    }

    @Benchmark
    public List<byte[]> generalPath() {
        RemoteWriteConverter.Converted converted =
                RemoteWriteConverter.convert(RemoteWriteDecoder.parse(body), family -> null);
        List<RecordKeys.KeyedBatch> batches = RecordKeys.foldedByShard(
                TENANT,
                SampleScreen.screen(converted.candidates(), Limits.DEFAULTS, now)
                        .accepted(),
                RemoteWriteResource.PROTOCOL,
                now,
                Limits.DEFAULTS.histogramBuckets());
        List<byte[]> out = new ArrayList<>(batches.size());
        for (RecordKeys.KeyedBatch b : batches) {
            out.add(WireCodec.encode(b.batch()));
        }
        return out;
    }

    @Benchmark
    public List<RecordKeys.EncodedRecord> fastPath() {
        return records(body, now);
    }

    /** The fast path's records of one request, as the gateway hands them to Kafka's producer. */
    static List<RecordKeys.EncodedRecord> records(byte[] body, long now) {
        return RemoteWriteTranscoder.scan(body)
                .transcode(TENANT, Limits.DEFAULTS, family -> null, now, 50_000, 2000, true)
                .records();
    }

    private static Label label(String name, String value) {
        return Label.newBuilder().setName(name).setValue(value).build();
    }
}
