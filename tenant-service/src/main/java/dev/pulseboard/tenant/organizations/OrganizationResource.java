package dev.pulseboard.tenant.organizations;

import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.identity.Role;
import dev.pulseboard.tenant.session.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code DELETE /api/organization?confirm=<tenant id>}: an owner deletes the chosen organisation. 202: everything is
 * taken away now, the data after the grace period ({@link OrganizationDeletion}).
 */
@Path("/api/organization")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class OrganizationResource {
    private final OrganizationDeletion deletion;
    private final CurrentUser user;

    OrganizationResource(OrganizationDeletion deletion, CurrentUser user) {
        this.deletion = deletion;
        this.user = user;
    }

    @DELETE
    public Response delete(@QueryParam("confirm") String confirm) {
        TenantId tenant = user.require(Role.OWNER);
        return Response.accepted(deletion.start(tenant, user.actor(), confirm)).build();
    }
}
