package dev.pulseboard.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrometheusParamsTest {

    @Test
    void readsUnixSecondsAndRfc3339Times() {
        assertThat(PrometheusParams.time("start", "1764028800")).contains(Instant.parse("2025-11-25T00:00:00Z"));
        assertThat(PrometheusParams.time("start", "1764028800.250"))
                .contains(Instant.parse("2025-11-25T00:00:00.250Z"));
        assertThat(PrometheusParams.time("start", "2025-11-25T01:00:00+01:00"))
                .contains(Instant.parse("2025-11-25T00:00:00Z"));
        assertThat(PrometheusParams.time("start", null)).isEmpty();
        assertThat(PrometheusParams.time("start", " ")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "0x0p+0", "Inf", "-Inf", "NaN", "1e400", "99999999999999999999"})
    void aTimePrometheusMightReadButTheGatewayCannotIsRefusedNotPassedOn(String value) {
        // Prometheus parses times with Go's ParseFloat: hex floats and Inf pass there; unchecked, start=0x0p+0 skipped
        // the range limit
        assertThatThrownBy(() -> PrometheusParams.time("start", value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("start");
    }

    @Test
    void forwardedValuesAreDecimalSeconds() {
        assertThat(PrometheusParams.format(Instant.parse("2025-11-25T00:00:00.250Z")))
                .isEqualTo("1764028800.250");
        assertThat(PrometheusParams.format(Duration.ofMinutes(90))).isEqualTo("5400.000");
    }

    @Test
    void readsPrometheusDurationsAndFloatSeconds() {
        assertThat(PrometheusParams.duration("step", "15")).contains(Duration.ofSeconds(15));
        assertThat(PrometheusParams.duration("step", "0.5")).contains(Duration.ofMillis(500));
        assertThat(PrometheusParams.duration("step", "1h30m")).contains(Duration.ofMinutes(90));
        assertThat(PrometheusParams.duration("step", "250ms")).contains(Duration.ofMillis(250));
        assertThat(PrometheusParams.duration("step", "2w1d")).contains(Duration.ofDays(15));
        assertThat(PrometheusParams.duration("step", "1y")).contains(Duration.ofDays(365));
        assertThat(PrometheusParams.duration("step", "")).isEmpty();
        for (String bad : new String[] {"5 minutes", "-15", "0x1p4", "Inf"}) {
            assertThatThrownBy(() -> PrometheusParams.duration("step", bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
