package dev.pulseboard.tenant.session;

import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The authenticated caller of /api/*, from either the code-flow session (ID token) or a bearer access token. The
 * tenant comes only from the token's {@code organization} claim — never from anything the browser sends.
 */
@RequestScoped
public class CurrentUser {
    private final SecurityIdentity identity;

    CurrentUser(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The caller's tenant, or {@code err-pb-no-organization} (403) unless the token names exactly one. */
    public TenantId tenant() {
        return OrganizationClaim.singleTenant(token().getClaim(OrganizationClaim.NAME))
                .orElseThrow(() -> new ProblemException(
                        TenantError.NO_ORGANIZATION,
                        "Your account must belong to exactly one Pulseboard organization; ask its admin to add you."));
    }

    public String email() {
        Object email = token().getClaim("email");
        return email == null ? null : email.toString();
    }

    private JsonWebToken token() {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            return jwt;
        }
        throw new ProblemException(TenantError.NO_ORGANIZATION, "This endpoint needs a Pulseboard login.");
    }
}
