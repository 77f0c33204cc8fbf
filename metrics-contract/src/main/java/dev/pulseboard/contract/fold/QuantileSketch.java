package dev.pulseboard.contract.fold;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.mapping.LogarithmicMapping;
import com.datadoghq.sketch.ddsketch.store.CollapsingLowestDenseStore;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The quantile sketch of a window's observations: DDSketch (Datadog's sketches-java), mergeable, with a relative error
 * of {@value #RELATIVE_ACCURACY} on every quantile's value (a p99 of 250 ms is reported within 247.5..252.5 ms) as
 * long as the observations span less than {@value #MAX_BINS} logarithmic bins (a factor of about 10^17); beyond that
 * the lowest bins collapse, which only coarsens the smallest values.
 */
public final class QuantileSketch {
    public static final double RELATIVE_ACCURACY = 0.01;
    public static final int MAX_BINS = 2048;
    private static final double[] QUANTILES = {0.5, 0.9, 0.95, 0.99};

    private static final LogarithmicMapping MAPPING = new LogarithmicMapping(RELATIVE_ACCURACY);

    private QuantileSketch() {}

    /** The quantiles written per window (docs/metrics.md): p50, p90, p95, p99. */
    public static double[] quantiles() {
        return QUANTILES.clone();
    }

    public static DDSketch create() {
        return DDSketches.logarithmicCollapsingLowestDense(RELATIVE_ACCURACY, MAX_BINS);
    }

    public static byte[] toBytes(DDSketch sketch) {
        GrowingByteArrayOutput out = GrowingByteArrayOutput.withInitialCapacity(64);
        try {
            sketch.encode(out, true);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a sketch into memory", e);
        }
        return out.trimmedCopy();
    }

    public static DDSketch fromBytes(byte[] bytes) {
        try {
            return DDSketch.decode(ByteArrayInput.wrap(bytes), () -> new CollapsingLowestDenseStore(MAX_BINS), MAPPING);
        } catch (IOException e) {
            throw new UncheckedIOException("a sketch Pulseboard encoded did not decode", e);
        }
    }

    /** Merges {@code bytes} (as written by {@link #toBytes}) into {@code into}. */
    public static void mergeInto(DDSketch into, byte[] bytes) {
        try {
            into.decodeAndMergeWith(ByteArrayInput.wrap(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("a sketch Pulseboard encoded did not decode", e);
        }
    }
}
