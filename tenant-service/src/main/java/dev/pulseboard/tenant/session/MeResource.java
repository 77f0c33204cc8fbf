package dev.pulseboard.tenant.session;

import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import dev.pulseboard.tenant.store.TenantEntity;
import dev.pulseboard.tenant.store.TenantRepository;
import io.quarkus.security.Authenticated;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/me}: who the SPA is talking to — tenant id, organization display name, email. */
@Path("/api/me")
@Authenticated
public class MeResource {

    public record Me(String tenant, String organization, String email) {}

    private final CurrentUser user;
    private final TenantRepository tenants;

    MeResource(CurrentUser user, TenantRepository tenants) {
        this.user = user;
        this.tenants = tenants;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    public Me me() {
        TenantId tenant = user.tenant();
        TenantEntity row = tenants.findByIdOptional(tenant.value())
                .filter(t -> t.status == TenantEntity.Status.ACTIVE)
                .orElseThrow(() -> new ProblemException(
                        TenantError.NO_ORGANIZATION,
                        "Your organization '" + tenant + "' is not an active Pulseboard tenant."));
        return new Me(tenant.value(), row.displayName, user.email());
    }
}
