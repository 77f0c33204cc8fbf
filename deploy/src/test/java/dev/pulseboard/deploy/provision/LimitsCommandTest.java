package dev.pulseboard.deploy.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulseboard.contract.wire.v1.LimitsOverrides;
import java.util.List;
import org.junit.jupiter.api.Test;

class LimitsCommandTest {
    @Test
    void fieldsAreSetByTheirNamesInTheContract() {
        LimitsOverrides o = LimitsCommand.parse(
                List.of("max_active_series=5000", "past_grace_ms=60000", "histogram_buckets=0.1, 0.5,1,5"));
        assertThat(o.getMaxActiveSeries()).isEqualTo(5000);
        assertThat(o.getPastGraceMs()).isEqualTo(60_000L);
        assertThat(o.getHistogramBucketsList()).containsExactly(0.1, 0.5, 1.0, 5.0);
        assertThat(o.hasMaxLabelsPerSeries()).isFalse();
    }

    @Test
    void unknownFieldsAndBadNumbersAreRefusedWithWhatWouldBeValid() {
        assertThatThrownBy(() -> LimitsCommand.parse(List.of("max_series=1")))
                .hasMessageContaining("no limit named 'max_series'")
                .hasMessageContaining("max_active_series");
        assertThatThrownBy(() -> LimitsCommand.parse(List.of("max_active_series=lots")))
                .hasMessageContaining("needs a number");
        assertThatThrownBy(() -> LimitsCommand.parse(List.of("max_active_series")))
                .hasMessageContaining("expected field=value");
    }
}
