package dev.pulseboard.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerTimingTest {
    @Test
    void writesBothDurationsInMillisecondsToTheMicrosecond() {
        assertThat(ServerTiming.of(0, 1_234_567)).isEqualTo("prometheus;dur=0.000, total;dur=1.234");
        assertThat(ServerTiming.of(12_005_000, 250_000_000_000L))
                .isEqualTo("prometheus;dur=12.005, total;dur=250000.000");
    }

    @Test
    void readsBackWhatItWrites() {
        String header = ServerTiming.of(3_050_000, 7_000_001);
        assertThat(ServerTiming.millis(header, "prometheus")).isEqualTo(3.05);
        assertThat(ServerTiming.millis(header, "total")).isEqualTo(7.0);
        assertThat(ServerTiming.millis(header, "db")).isNaN();
    }
}
