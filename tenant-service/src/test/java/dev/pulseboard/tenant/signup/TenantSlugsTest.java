package dev.pulseboard.tenant.signup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.tenant.TenantId;
import org.junit.jupiter.api.Test;

class TenantSlugsTest {

    @Test
    void derivesDnsLabelLikeSlugs() {
        assertThat(slug("Acme Corp")).isEqualTo("acme-corp");
        assertThat(slug("  Zürich Metrics AG! ")).isEqualTo("zurich-metrics-ag");
        assertThat(slug("42 Labs")).isEqualTo("t-42-labs");
        assertThat(slug("AB")).isEqualTo("ab-org");
        assertThat(slug("A".repeat(30) + " " + "b".repeat(30))).hasSize(40).doesNotEndWith("-");
    }

    @Test
    void nothingUsableLeftIsEmpty() {
        assertThat(TenantSlugs.derive("東京")).isEmpty();
        assertThat(TenantSlugs.derive("---")).isEmpty();
        assertThat(TenantSlugs.derive(null)).isEmpty();
    }

    private static String slug(String name) {
        return TenantSlugs.derive(name).map(TenantId::value).orElseThrow();
    }
}
