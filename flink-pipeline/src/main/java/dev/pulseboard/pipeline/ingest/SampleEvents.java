package dev.pulseboard.pipeline.ingest;

import dev.pulseboard.contract.wire.SeriesKey;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Sample;
import java.util.List;

/** Turns a wire {@link Sample} of a batch into the {@link SampleEvent} the windows aggregate. */
public final class SampleEvents {
    private SampleEvents() {}

    /**
     * @param tenant the batch's tenant (from the credential); labels named {@code tenant} have already been refused
     * @param ingestedAtMs the metrics-raw record's Kafka timestamp, epoch ms (0 when unknown)
     */
    public static SampleEvent of(String tenant, Sample sample, long ingestedAtMs) {
        List<Label> labels = sample.getLabelsList();
        String[] names = new String[labels.size()];
        String[] values = new String[labels.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = labels.get(i).getName();
            values[i] = labels.get(i).getValue();
        }
        return new SampleEvent(
                tenant,
                SeriesKey.canonical(tenant, sample),
                sample.getName(),
                sample.getType(),
                names,
                values,
                effectiveValue(sample),
                sample.getTimestampMs(),
                ingestedAtMs);
    }

    /**
     * The value a sample contributes to count/sum/min/max/last.
     * <ul>
     *   <li>COUNTER with a sample rate in (0, 1): {@code value / rate}, the StatsD convention (a client sampling
     *       1 in 10 sends {@code @0.1}, each received increment stands for ten). Rate 0 or 1 means unsampled.</li>
     *   <li>SET: 1 per observation ({@code value} is unused for sets; distinct-member counting is not done yet).</li>
     *   <li>everything else: the value as sent (gauges, timers and distributions are not rate-scaled: the rate
     *       changes how many values arrive, not what each one means).</li>
     * </ul>
     */
    public static double effectiveValue(Sample sample) {
        if (sample.getType() == MetricType.SET) {
            return 1.0;
        }
        double rate = sample.getSampleRate();
        if (sample.getType() == MetricType.COUNTER && rate > 0 && rate < 1) {
            return sample.getValue() / rate;
        }
        return sample.getValue();
    }
}
