package dev.pulseboard.tenant.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.ProblemExceptionMapper;
import dev.pulseboard.tenant.errors.TenantError;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

class PublicEndpointThrottleTest {
    @Test
    void anAddressGetsItsBurstThenWaitsWhileOtherAddressesAreUnaffected() {
        PublicEndpointThrottle throttle = new PublicEndpointThrottle(1, 3);
        for (int i = 0; i < 3; i++) {
            throttle.admit("192.0.2.1");
        }
        assertThatThrownBy(() -> throttle.admit("192.0.2.1")).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.errorId()).isEqualTo(TenantError.THROTTLED);
            // one a minute: the next token is up to a minute away
            assertThat(e.retryAfterSeconds()).isBetween(1L, 61L);
        });
        throttle.admit("192.0.2.2");
        throttle.admit(null);
    }

    @Test
    void theRefusalIsA429WithRetryAfter() {
        ProblemException refused = new ProblemException(TenantError.THROTTLED, "slow down").retryAfter(7);
        try (Response response = new ProblemExceptionMapper().toResponse(refused)) {
            assertThat(response.getStatus()).isEqualTo(429);
            assertThat(response.getHeaderString("Retry-After")).isEqualTo("7");
        }
    }
}
