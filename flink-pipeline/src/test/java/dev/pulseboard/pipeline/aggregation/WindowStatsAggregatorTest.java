package dev.pulseboard.pipeline.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.pipeline.ingest.SampleEvent;
import org.junit.jupiter.api.Test;

class WindowStatsAggregatorTest {
    private final WindowStatsAggregator agg = new WindowStatsAggregator();

    private static SampleEvent sample(double value, long ts) {
        return new SampleEvent(
                "acme",
                "acme|cpu|host=a",
                "cpu",
                MetricType.GAUGE,
                new String[] {"host"},
                new String[] {"a"},
                value,
                ts,
                ts);
    }

    private WindowStats feed(SampleEvent... samples) {
        WindowStats acc = agg.createAccumulator();
        for (SampleEvent s : samples) {
            acc = agg.add(s, acc);
        }
        return agg.getResult(acc);
    }

    @Test
    void countSumMinMaxAndIdentity() {
        WindowStats s = feed(sample(4, 1_000), sample(-2.5, 1_100), sample(10, 1_050));
        assertThat(s.count).isEqualTo(3);
        assertThat(s.sum).isEqualTo(11.5);
        assertThat(s.min).isEqualTo(-2.5);
        assertThat(s.max).isEqualTo(10);
        assertThat(s.tenant).isEqualTo("acme");
        assertThat(s.name).isEqualTo("cpu");
        assertThat(s.type).isEqualTo(MetricType.GAUGE);
        assertThat(s.labelNames).containsExactly("host");
        assertThat(s.labelValues).containsExactly("a");
    }

    @Test
    void lastIsTheGreatestTimestampNotTheLastArrival() {
        WindowStats s = feed(sample(1, 1_000), sample(2, 1_900), sample(3, 1_200));
        assertThat(s.last).isEqualTo(2);
        assertThat(s.lastTimestampMs).isEqualTo(1_900);
    }

    @Test
    void lastTiesOnTimestampGoToTheLaterArrival() {
        WindowStats s = feed(sample(1, 1_500), sample(7, 1_500), sample(3, 1_100));
        assertThat(s.last).isEqualTo(7);
    }

    @Test
    void singleSampleIsMinMaxAndLast() {
        WindowStats s = feed(sample(42, 1_000));
        assertThat(new double[] {s.min, s.max, s.last, s.sum}).containsExactly(42, 42, 42, 42);
        assertThat(s.count).isEqualTo(1);
    }

    @Test
    void mergeCombinesStatsAndTakesLastFromTheNewerSide() {
        WindowStats a = feed(sample(5, 1_000), sample(1, 1_800));
        WindowStats b = feed(sample(9, 1_300));
        WindowStats m = agg.merge(a, b);
        assertThat(m.count).isEqualTo(3);
        assertThat(m.sum).isEqualTo(15);
        assertThat(m.min).isEqualTo(1);
        assertThat(m.max).isEqualTo(9);
        assertThat(m.last).isEqualTo(1);
        assertThat(agg.merge(agg.createAccumulator(), feed(sample(2, 1_000))).count)
                .isEqualTo(1);
    }
}
