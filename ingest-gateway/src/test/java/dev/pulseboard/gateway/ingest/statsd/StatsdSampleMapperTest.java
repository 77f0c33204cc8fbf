package dev.pulseboard.gateway.ingest.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.gateway.ingest.validation.Candidate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsdSampleMapperTest {
    private static final String KEY = "pbk_" + "0f".repeat(20);

    @Test
    void keyIsTheFirstSegmentAndIsRemovedFromTheName() {
        StatsdKeyedLine keyed = StatsdKeyedLine.split(KEY + ".cpu_usage_percent:42|g|#instance:i-1");
        assertThat(keyed.key()).isEqualTo(KEY);
        assertThat(keyed.rest()).isEqualTo("cpu_usage_percent:42|g|#instance:i-1");
    }

    @Test
    void linesWithoutKeyPrefixHaveNoKey() {
        assertThat(StatsdKeyedLine.split("cpu.usage:1|g").key()).isNull();
        assertThat(StatsdKeyedLine.split("pbk_short:1|g").key()).isEqualTo("pbk_short");
        assertThat(StatsdKeyedLine.split("pbk_short:1|g").rest()).isEmpty();
    }

    @Test
    void namesAndTagNamesAreSanitisedAndLabelsSorted() {
        List<Sample> samples = map("my-app.http.requests:3|c|#status-code:200,az:eu-1a,9lives:yes", 1000);
        Sample s = samples.get(0);
        assertThat(s.getName()).isEqualTo("my_app_http_requests");
        assertThat(s.getLabelsList()).extracting(Label::getName).containsExactly("_9lives", "az", "status_code");
        assertThat(s.getLabelsList()).extracting(Label::getValue).containsExactly("yes", "eu-1a", "200");
        assertThat(s.getTimestampMs()).isEqualTo(1000);
    }

    @Test
    void dogstatsdTimestampWinsOverReceiveTimeAndMultiValuesFanOut() {
        List<Sample> samples = map("lat:1:2|d|T1764100000", 5);
        assertThat(samples).hasSize(2).allMatch(s -> s.getTimestampMs() == 1_764_100_000_000L);
        assertThat(samples).extracting(Sample::getValue).containsExactly(1.0, 2.0);
    }

    @Test
    void metricNamesKeepColonsLabelNamesDoNot() {
        assertThat(StatsdSampleMapper.sanitise("job:rate.5m", true)).isEqualTo("job:rate_5m");
        assertThat(StatsdSampleMapper.sanitise("a:b", false)).isEqualTo("a_b");
        assertThat(StatsdSampleMapper.sanitise("ok_name", true)).isSameAs("ok_name");
    }

    private static List<Sample> map(String line, long receivedAtMs) {
        List<Candidate> out = new ArrayList<>();
        StatsdSampleMapper.map(StatsdLineParser.parse(line).line(), receivedAtMs, out);
        return out.stream().map(c -> ((Candidate.Decoded) c).sample()).toList();
    }
}
