package dev.pulseboard.gateway.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PrometheusParamsTest {

    @Test
    void readsUnixSecondsAndRfc3339Times() {
        assertThat(PrometheusParams.time("1764028800")).contains(Instant.parse("2025-11-25T00:00:00Z"));
        assertThat(PrometheusParams.time("1764028800.250")).contains(Instant.parse("2025-11-25T00:00:00.250Z"));
        assertThat(PrometheusParams.time("2025-11-25T01:00:00+01:00")).contains(Instant.parse("2025-11-25T00:00:00Z"));
        assertThat(PrometheusParams.time("yesterday")).isEmpty();
        assertThat(PrometheusParams.time(null)).isEmpty();
    }

    @Test
    void readsPrometheusDurationsAndFloatSeconds() {
        assertThat(PrometheusParams.duration("15")).contains(Duration.ofSeconds(15));
        assertThat(PrometheusParams.duration("0.5")).contains(Duration.ofMillis(500));
        assertThat(PrometheusParams.duration("1h30m")).contains(Duration.ofMinutes(90));
        assertThat(PrometheusParams.duration("250ms")).contains(Duration.ofMillis(250));
        assertThat(PrometheusParams.duration("2w1d")).contains(Duration.ofDays(15));
        assertThat(PrometheusParams.duration("1y")).contains(Duration.ofDays(365));
        assertThat(PrometheusParams.duration("5 minutes")).isEmpty();
        assertThat(PrometheusParams.duration("")).isEmpty();
    }
}
