package dev.pulseboard.pipeline.late;

/**
 * A sample (or an edge-folded window of samples) that reached metrics-raw after its window's allowed lateness, on its way to metrics-late (counted per
 * tenant as {@code outcome="late"}). A Flink POJO.
 */
public class LateSample {
    public String tenant;
    /** {@code SeriesKey} shard of the series: the metrics-late record key. */
    public int shard;
    /** The wire {@code Sample} as it arrived, protobuf bytes; null for a window. */
    public byte[] sample;
    /** The wire {@code SeriesWindow} (samples folded at the edge) as it arrived; null for a sample. */
    public byte[] window;
    /** When the broker appended it to metrics-raw, epoch ms. */
    public long appendTimeMs;

    public LateSample() {}

    public LateSample(String tenant, int shard, byte[] sample, byte[] window, long appendTimeMs) {
        this.tenant = tenant;
        this.shard = shard;
        this.sample = sample;
        this.window = window;
        this.appendTimeMs = appendTimeMs;
    }
}
