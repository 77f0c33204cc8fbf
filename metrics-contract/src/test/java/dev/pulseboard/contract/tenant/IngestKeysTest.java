package dev.pulseboard.contract.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IngestKeysTest {
    @Test
    void generatedKeysAreWellFormedDistinctAndSafeAsAStatsdPrefix() {
        String a = IngestKeys.generate();
        String b = IngestKeys.generate();
        assertThat(a).isNotEqualTo(b);
        assertThat(IngestKeys.isWellFormed(a)).isTrue();
        assertThat(a).doesNotContain(".", ":", "|", "@", "#", " ");
        assertThat(IngestKeys.displayPrefix(a)).hasSize(12).startsWith("pbk_");
    }

    @Test
    void hashIsSha256HexAndNotTheKey() {
        String key = "pbk_" + "0".repeat(40);
        assertThat(IngestKeys.hash(key)).hasSize(64).matches("[0-9a-f]{64}").doesNotContain(key.substring(4));
        assertThat(IngestKeys.hash(key)).isEqualTo(IngestKeys.hash(key));
    }

    @Test
    void malformedKeysAreRecognised() {
        assertThat(IngestKeys.isWellFormed(null)).isFalse();
        assertThat(IngestKeys.isWellFormed("pbk_abc")).isFalse();
        assertThat(IngestKeys.isWellFormed("pbk_" + "G".repeat(40))).isFalse();
    }

    @Test
    void tenantIdsAreSlugs() {
        assertThat(TenantId.isValid("acme-corp")).isTrue();
        assertThat(TenantId.isValid("Acme")).isFalse();
        assertThat(TenantId.isValid("a")).isFalse();
        assertThat(TenantId.isValid("acme-")).isFalse();
        assertThatThrownBy(() -> new TenantId("../etc")).isInstanceOf(IllegalArgumentException.class);
    }
}
