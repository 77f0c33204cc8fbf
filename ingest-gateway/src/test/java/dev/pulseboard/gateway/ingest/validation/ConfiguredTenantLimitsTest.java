package dev.pulseboard.gateway.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.validation.ValidationLimits;
import dev.pulseboard.gateway.testing.TestConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfiguredTenantLimitsTest {

    @Test
    void defaultsMatchTheContractsDefaults() {
        assertThat(new ConfiguredTenantLimits(TestConfig.gateway(Map.of())).limitsFor("acme"))
                .isEqualTo(ValidationLimits.DEFAULTS);
    }

    @Test
    void anOverrideReplacesOnlyItsFieldForOnlyItsTenant() {
        ConfiguredTenantLimits limits = new ConfiguredTenantLimits(TestConfig.gateway(Map.of(
                "pulseboard.gateway.validation.defaults.max-labels-per-series", "20",
                "pulseboard.gateway.validation.tenants.acme.future-grace", "5m",
                "pulseboard.gateway.validation.tenants.acme.max-label-value-length", "4096")));

        ValidationLimits acme = limits.limitsFor("acme");
        assertThat(acme.futureGrace()).isEqualTo(Duration.ofMinutes(5));
        assertThat(acme.maxLabelValueLength()).isEqualTo(4096);
        assertThat(acme.maxLabelsPerSeries()).isEqualTo(20);
        assertThat(acme.pastGrace()).isEqualTo(ValidationLimits.DEFAULTS.pastGrace());

        ValidationLimits globex = limits.limitsFor("globex");
        assertThat(globex.futureGrace()).isEqualTo(ValidationLimits.DEFAULTS.futureGrace());
        assertThat(globex.maxLabelsPerSeries()).isEqualTo(20);
    }
}
