package dev.pulseboard.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.wire.v1.LimitsOverrides;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class QueryLimitsTest {
    private static final QueryLimits DEFAULTS = new QueryLimits(
            16384, Duration.ofDays(32), 11000, Duration.ofSeconds(30), 16, Duration.ofMillis(250), true);

    @Test
    void theQueryFieldsOfAnOverrideReplaceTheDefaultsAndNothingElseDoes() {
        assertThat(DEFAULTS.with(LimitsOverrides.newBuilder().setIngestRate(5).build()))
                .isEqualTo(DEFAULTS);
        assertThat(DEFAULTS.with(LimitsOverrides.newBuilder()
                        .setQueryMaxLength(100)
                        .setQueryMaxRangeMs(Duration.ofDays(7).toMillis())
                        .setQueryMaxPoints(0)
                        .setQueryTimeoutMs(5_000)
                        .setQueryMaxConcurrent(2)
                        .setQueryEvalMsPerSecond(0)
                        .build()))
                .isEqualTo(new QueryLimits(100, Duration.ofDays(7), 0, Duration.ofSeconds(5), 2, Duration.ZERO, true));
        assertThat(DEFAULTS.with(LimitsOverrides.newBuilder()
                                .setQueryEvalMsPerSecond(1500)
                                .build())
                        .evalTimePerSecond())
                .isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void aNegativeValueOrATimeoutOfZeroKeepsTheLimitInForce() {
        assertThat(DEFAULTS.with(LimitsOverrides.newBuilder()
                        .setQueryMaxLength(-1)
                        .setQueryMaxRangeMs(-1)
                        .setQueryMaxPoints(-5)
                        .setQueryTimeoutMs(0)
                        .setQueryMaxConcurrent(-2)
                        .setQueryEvalMsPerSecond(-1)
                        .build()))
                .isEqualTo(DEFAULTS);
    }
}
