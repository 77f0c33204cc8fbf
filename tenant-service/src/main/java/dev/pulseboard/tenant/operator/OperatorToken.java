package dev.pulseboard.tenant.operator;

import dev.pulseboard.tenant.config.TenantServiceConfig;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The platform operator's credential on {@code /internal/v1/*}: the internal token ({@code PB_INTERNAL_TOKEN}) in
 * {@value #HEADER}, compared in constant time. Anything else is 401 err-pb-internal-token.
 */
@ApplicationScoped
public class OperatorToken {
    public static final String HEADER = "X-Pulseboard-Internal-Token";
    private final byte[] token;

    OperatorToken(TenantServiceConfig config) {
        this.token = config.internal().token().getBytes(StandardCharsets.UTF_8);
    }

    /** Returns when {@code presented} is the internal token; throws the 401 otherwise. */
    public void authorize(String presented) {
        if (token.length == 0
                || presented == null
                || !MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            throw new ProblemException(
                    TenantError.INTERNAL_TOKEN, "This is the operator's API: send the internal token.");
        }
    }
}
