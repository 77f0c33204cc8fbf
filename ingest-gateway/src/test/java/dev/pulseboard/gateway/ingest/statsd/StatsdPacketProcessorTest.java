package dev.pulseboard.gateway.ingest.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.limits.Limits;
import dev.pulseboard.gateway.ingest.validation.Candidate;
import dev.pulseboard.gateway.ingest.validation.SampleError;
import dev.pulseboard.gateway.ingest.validation.SampleScreen;
import dev.pulseboard.gateway.ingest.validation.Screened;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A packet's repeated lines are parsed and judged once, and still count once each. */
class StatsdPacketProcessorTest {
    private static final long NOW = 1_800_000_000_000L;
    private static final String KEY = "pbk_" + "0123456789abcdef".repeat(2) + "01234567";

    /** What each line of the packet yields when it is processed on its own: the reference for the repeats. */
    private static List<Candidate> oneByOne(List<String> lines) {
        List<Candidate> out = new ArrayList<>();
        for (String line : lines) {
            out.addAll(StatsdPacketProcessor.candidates(List.of(line), NOW));
        }
        return out;
    }

    @Test
    void repeatedLinesYieldWhatEachWouldOnItsOwn() {
        String packet = String.join(
                "\n",
                KEY + ".hits:1|c",
                KEY + ".hits:1|c",
                KEY + ".hits:1|c",
                KEY + ".lat:1:2|d", // two values: two candidates per line
                KEY + ".lat:1:2|d",
                KEY + ".hits:1|c", // equal to a line before, but not to the one right before
                KEY + ".bad:x|c",
                KEY + ".bad:x|c");
        Map<String, List<String>> byKey = StatsdPacketProcessor.linesByKey(packet);
        List<String> lines = byKey.get(KEY);
        assertThat(lines)
                .containsExactly(
                        "hits:1|c", "hits:1|c", "hits:1|c", "lat:1:2|d", "lat:1:2|d", "hits:1|c", "bad:x|c", "bad:x|c");

        List<Candidate> candidates = StatsdPacketProcessor.candidates(lines, NOW);
        assertThat(candidates).hasSize(10).isEqualTo(oneByOne(lines));

        Screened screened = SampleScreen.screen(candidates, Limits.DEFAULTS, NOW);
        assertThat(screened.accepted()).hasSize(8);
        assertThat(screened.errors()).extracting(SampleError::index).containsExactly(8, 9);
    }

    @Test
    void aRepeatedRefusedSampleIsRefusedEachTime() {
        // valid StatsD, refused by the limits: a name over the default length, three times
        String line = "x".repeat(Limits.DEFAULTS.maxMetricNameLength() + 1) + ":1|c";
        List<String> lines = List.of(line, line, line);
        Screened screened = SampleScreen.screen(StatsdPacketProcessor.candidates(lines, NOW), Limits.DEFAULTS, NOW);
        assertThat(screened.accepted()).isEmpty();
        assertThat(screened.errors()).extracting(SampleError::index).containsExactly(0, 1, 2);
        assertThat(screened.errors()).extracting(SampleError::id).containsOnly("err-pb-metric-name-too-long");
    }
}
