package dev.pulseboard.gateway.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.gateway.ingest.validation.Candidate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushSampleConverterTest {

    @Test
    void labelsAreSortedAndEmptyValuesDropped() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("zone", "b");
        labels.put("app", "web");
        labels.put("empty", "");
        Sample s = decoded(new PushRequest.PushSample("http_requests_total", "COUNTER", 3.0, 1000L, labels, 0.5, null));
        assertThat(s.getLabelsList()).extracting(Label::getName).containsExactly("app", "zone");
        assertThat(s.getType()).isEqualTo(MetricType.COUNTER);
        assertThat(s.getTimestampMs()).isEqualTo(1000);
        assertThat(s.getSampleRate()).isEqualTo(0.5);
    }

    @Test
    void absentTimestampIsReceiveTime() {
        assertThat(decoded(new PushRequest.PushSample("up", "gauge", 1.0, null, null, null, null))
                        .getTimestampMs())
                .isEqualTo(777);
    }

    @Test
    void missingValueIsRefusedWithItsOwnId() {
        Candidate c =
                PushSampleConverter.convert(new PushRequest.PushSample("up", "gauge", null, null, null, null, null), 0);
        assertThat(c).isEqualTo(Candidate.refused("err-pb-missing-value", "sample of 'up' has no value"));
    }

    @Test
    void setsCarryTheirMember() {
        Sample s = decoded(new PushRequest.PushSample("users", "set", null, null, null, null, "u-1"));
        assertThat(s.getSetMember()).isEqualTo("u-1");
    }

    @Test
    void unknownTypeIsLeftForTheValidatorToRefuse() {
        assertThat(PushSampleConverter.type("summary")).isEqualTo(MetricType.METRIC_TYPE_UNSPECIFIED);
    }

    private static Sample decoded(PushRequest.PushSample s) {
        return ((Candidate.Decoded) PushSampleConverter.convert(s, 777)).sample();
    }
}
