package dev.pulseboard.tenant.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.tenant.TenantId;
import jakarta.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrganizationClaimTest {

    @Test
    void exactlyOneValidAliasIsTheTenant() {
        assertThat(OrganizationClaim.singleTenant(
                        Json.createArrayBuilder().add("acme").build()))
                .contains(new TenantId("acme"));
        assertThat(OrganizationClaim.singleTenant(Json.createObjectBuilder()
                        .add("acme", Json.createObjectBuilder().add("id", "x"))
                        .build()))
                .contains(new TenantId("acme"));
        assertThat(OrganizationClaim.singleTenant(List.of("acme"))).contains(new TenantId("acme"));
    }

    @Test
    void noneSeveralOrMalformedIsNoTenant() {
        assertThat(OrganizationClaim.singleTenant(null)).isEmpty();
        assertThat(OrganizationClaim.singleTenant(Json.createArrayBuilder().build()))
                .isEmpty();
        assertThat(OrganizationClaim.singleTenant(
                        Json.createArrayBuilder().add("acme").add("beta").build()))
                .isEmpty();
        assertThat(OrganizationClaim.singleTenant(
                        Json.createArrayBuilder().add("Not Valid").build()))
                .isEmpty();
        assertThat(OrganizationClaim.singleTenant(
                        Json.createArrayBuilder().add(7).build()))
                .isEmpty();
    }
}
