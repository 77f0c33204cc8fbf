package dev.pulseboard.contract.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TenantIdTest {

    @Test
    void acceptsSlugsAndRefusesEverythingElse() {
        assertThat(TenantId.isValid("acme")).isTrue();
        assertThat(TenantId.isValid("acme-corp-2")).isTrue();
        assertThat(TenantId.isValid("ab")).isFalse();
        assertThat(TenantId.isValid("Acme")).isFalse();
        assertThat(TenantId.isValid("acme-")).isFalse();
        assertThat(TenantId.isValid("2acme")).isFalse();
        assertThat(TenantId.isValid(null)).isFalse();
    }

    @Test
    void thePlatformsOwnIdsAreNeverATenants() {
        assertThat(TenantId.RESERVED).contains(TenantId.UNAUTHENTICATED, "platform");
        for (String id : TenantId.RESERVED) {
            assertThat(id)
                    .as("reserved ids are syntactically slugs, so only the reservation stops them")
                    .matches("[a-z][a-z0-9-]{1,38}[a-z0-9]");
            assertThat(TenantId.isValid(id)).as(id).isFalse();
            assertThatThrownBy(() -> new TenantId(id)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
