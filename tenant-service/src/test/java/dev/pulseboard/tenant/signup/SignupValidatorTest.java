package dev.pulseboard.tenant.signup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignupValidatorTest {
    private static final String PASSWORD = "long-enough-1";

    @Test
    void normalisesAValidRequest() {
        var valid = SignupValidator.validate(
                new SignupRequest(" Acme Corp ", null, "Ops@Acme.Example", PASSWORD, "Ada", "Lovelace"));
        assertThat(valid.tenant().value()).isEqualTo("acme-corp");
        assertThat(valid.displayName()).isEqualTo("Acme Corp");
        assertThat(valid.user().email()).isEqualTo("ops@acme.example");
        assertThat(valid.user().toString()).doesNotContain(PASSWORD);
    }

    @Test
    void namesTheFirstBadField() {
        assertField(new SignupRequest("Acme", "-bad", "a@b.example", PASSWORD, "A", "B"), "tenant");
        assertField(new SignupRequest("Acme", "acme", "a@b", PASSWORD, "A", "B"), "email");
        assertField(new SignupRequest("Acme", "acme", "a@b.example", "1234567", "A", "B"), "password");
        assertField(new SignupRequest("Acme", "acme", "a@b.example", PASSWORD, " ", "B"), "firstName");
        assertField(new SignupRequest("Acme", "acme", "a@b.example", PASSWORD, "A", null), "lastName");
        assertField(new SignupRequest("x".repeat(101), "acme", "a@b.example", PASSWORD, "A", "B"), "organization");
        assertField(null, "body");
    }

    @Test
    void refusesThePlatformsOwnTenantIdsExplicitlyOrDerivedFromTheName() {
        // "unknown" is where the gateway counts traffic without a valid key; a tenant by that name would see it.
        for (String reserved : List.of("unknown", "platform", "pulseboard", "admin")) {
            assertField(new SignupRequest("Acme", reserved, "a@b.example", PASSWORD, "A", "B"), "tenant");
            assertField(new SignupRequest(reserved, null, "a@b.example", PASSWORD, "A", "B"), "tenant");
        }
        assertThatThrownBy(() -> SignupValidator.validate(
                        new SignupRequest("Acme", "unknown", "a@b.example", PASSWORD, "A", "B")))
                .hasMessageContaining("reserved");
    }

    private static void assertField(SignupRequest request, String field) {
        assertThatThrownBy(() -> SignupValidator.validate(request))
                .isInstanceOfSatisfying(ProblemException.class, p -> {
                    assertThat(p.errorId()).isEqualTo(TenantError.INVALID_SIGNUP);
                    assertThat(p.field()).isEqualTo(field);
                });
    }
}
