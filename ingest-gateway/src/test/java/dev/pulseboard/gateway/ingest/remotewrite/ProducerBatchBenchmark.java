package dev.pulseboard.gateway.ingest.remotewrite;

import dev.pulseboard.contract.wire.RecordKeys;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.TimestampType;
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
 * What Kafka's producer does with the records of {@link RemoteWriteTranscoderBenchmark}'s request (2000 samples) before
 * it sends them, in two parts: {@link #uncompressedBatch()} appends them to a record batch, and {@link #lz4Blocks()}
 * compresses that batch's bytes as Kafka's lz4 stream does (64 KiB blocks, lz4-java's fast compressor), with lz4-java's
 * JNI codec (what the gateway loads, {@code MetricsRawProducerFactory.loadNativeLz4}) against its pure-Java codec
 * (what Kafka gets inside Quarkus without that load) in the same run. Run: see docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProducerBatchBenchmark {
    /** Kafka's lz4 stream compresses in blocks of this size (its default block size, 64 KiB). */
    private static final int BLOCK = 64 * 1024;

    @Param({"jni", "java"})
    public String codec;

    private List<RecordKeys.EncodedRecord> records;
    private ByteBuffer buffer;
    private long now;
    private byte[] batch;
    private byte[] compressed;
    private LZ4Compressor compressor;

    @Setup
    public void setUp() {
        now = System.currentTimeMillis();
        records = RemoteWriteTranscoderBenchmark.records(RemoteWriteTranscoderBenchmark.request(now), now);
        buffer = ByteBuffer.allocate(1 << 20);
        ByteBuffer built = uncompressedBatch().buffer();
        batch = new byte[built.remaining()];
        built.get(batch);
        compressor = (codec.equals("jni") ? LZ4Factory.nativeInstance() : LZ4Factory.safeInstance()).fastCompressor();
        compressed = new byte[compressor.maxCompressedLength(BLOCK)];
    }

    @Benchmark
    public MemoryRecords uncompressedBatch() {
        buffer.clear();
        MemoryRecordsBuilder builder = MemoryRecords.builder(buffer, Compression.NONE, TimestampType.CREATE_TIME, 0L);
        for (RecordKeys.EncodedRecord r : records) {
            builder.append(now, r.key(), r.value());
        }
        return builder.build();
    }

    @Benchmark
    public int lz4Blocks() {
        int written = 0;
        for (int from = 0; from < batch.length; from += BLOCK) {
            written += compressor.compress(batch, from, Math.min(BLOCK, batch.length - from), compressed, 0);
        }
        return written;
    }
}
