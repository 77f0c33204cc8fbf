package dev.pulseboard.gateway.ingest.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.wire.v1.MetricType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatsdLineParserTest {

    @ParameterizedTest
    @CsvSource({"c,COUNTER", "g,GAUGE", "ms,TIMER", "h,HISTOGRAM", "d,DISTRIBUTION"})
    void everyNumericTypeParses(String code, MetricType type) {
        StatsdLine line = ok("api.requests:2.5|" + code);
        assertThat(line.name()).isEqualTo("api.requests");
        assertThat(line.type()).isEqualTo(type);
        assertThat(line.values()).containsExactly(2.5);
        assertThat(line.sampleRate()).isZero();
        assertThat(line.timestampSecs()).isEqualTo(-1);
        assertThat(line.tags()).isEmpty();
    }

    @Test
    void setCarriesItsMemberNotAValue() {
        StatsdLine line = ok("users.unique:user-42|s");
        assertThat(line.type()).isEqualTo(MetricType.SET);
        assertThat(line.setMember()).isEqualTo("user-42");
        assertThat(line.values()).isEmpty();
    }

    @Test
    void dogstatsdRateTagsAndTimestampInAnyOrder() {
        StatsdLine line = ok("page.views:1|c|#env:prod,region:eu-west,flag|@0.25|c:abc123|T1764100000");
        assertThat(line.sampleRate()).isEqualTo(0.25);
        assertThat(line.timestampSecs()).isEqualTo(1764100000L);
        assertThat(line.tags()).extracting(t -> t[0] + "=" + t[1]).containsExactly("env=prod", "region=eu-west");
    }

    @Test
    void tagValuesMayContainColons() {
        assertThat(ok("x:1|g|#url:http://a:80").tags()).extracting(t -> t[1]).containsExactly("http://a:80");
    }

    @Test
    void multiValueLineYieldsEveryValue() {
        assertThat(ok("latency:1:2.5:3e2|d").values()).containsExactly(1, 2.5, 300);
    }

    @Test
    void negativeCounterAndTimerValuesAreValues() {
        assertThat(ok("balance:-3|c").values()).containsExactly(-3);
        assertThat(ok("skew:-1.5|ms").values()).containsExactly(-1.5);
    }

    @Test
    void aSignedGaugeValueIsAChangeAsInStatsd() {
        StatsdLine up = ok("temp:+3|g");
        assertThat(up.gaugeDelta()).isTrue();
        assertThat(up.values()).containsExactly(3);
        assertThat(ok("temp:-3.5|g").values()).containsExactly(-3.5);
        assertThat(ok("temp:-3.5|g").gaugeDelta()).isTrue();
        assertThat(ok("temp:3|g").gaugeDelta()).isFalse();
        assertThat(ok("balance:-3|c").gaugeDelta())
                .as("only gauges have changes")
                .isFalse();
        assertThat(ok("temp:+1:-2|g").values()).containsExactly(1, -2);
        assertThat(StatsdLineParser.parse("temp:+1:2|g").errorId()).isEqualTo("err-pb-statsd-value-invalid");
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-colon|c", ":1|c", "name:1", "name|c:1", "x:1|c|@abc", "x:1|c|T", "x:1|c|T12a"})
    void malformedLines(String line) {
        assertThat(StatsdLineParser.parse(line).errorId()).isEqualTo("err-pb-statsd-line-malformed");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"x:abc|c", "x:|g", "x:NaN|g", "x:Infinity|c", "x:0x10|c", "x:1d|c", "x:1:|d", "x:1e|c", "x:|s"})
    void nonDecimalValuesAreRefused(String line) {
        assertThat(StatsdLineParser.parse(line).errorId()).isEqualTo("err-pb-statsd-value-invalid");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x:1|cnt", "x:1|", "x:1|G"})
    void unknownTypes(String line) {
        assertThat(StatsdLineParser.parse(line).errorId()).isEqualTo("err-pb-statsd-type-unknown");
    }

    @Test
    void dogstatsdEventsAndServiceChecksHaveTheirOwnIds() {
        assertThat(StatsdLineParser.parse("_e{5,4}:title|text|#a:b").errorId())
                .isEqualTo("err-pb-statsd-event-unsupported");
        assertThat(StatsdLineParser.parse("_sc|db.up|0|#env:prod").errorId())
                .isEqualTo("err-pb-statsd-service-check-unsupported");
    }

    @Test
    void errorMessagesDoNotQuoteTheLine() {
        String secret = "pbk_" + "ab".repeat(20);
        assertThat(StatsdLineParser.parse(secret + ":1").message()).doesNotContain(secret);
    }

    private static StatsdLine ok(String line) {
        StatsdParseResult r = StatsdLineParser.parse(line);
        assertThat(r.errorId()).as("error of %s", line).isNull();
        return r.line();
    }
}
