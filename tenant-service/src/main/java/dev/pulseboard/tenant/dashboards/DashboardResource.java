package dev.pulseboard.tenant.dashboards;

import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.audit.AuditLog;
import dev.pulseboard.tenant.dashboards.DashboardService.Stored;
import dev.pulseboard.tenant.identity.Role;
import dev.pulseboard.tenant.session.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The logged-in tenant's saved Grafana dashboards (tenant-service/README.md, "Endpoints"). A dashboard is its Grafana
 * JSON, answered exactly as stored: that is also the export, and it imports again unchanged. Bodies are read as text
 * so that every refusal is one of ours (err-pb-dashboard-*), never the framework's. Writes require
 * {@code Content-Type: application/json} (else 415), which a cross-site form cannot send without a CORS preflight.
 */
@Path("/api/dashboards")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {
    private static final String PATH = "/api/dashboards/";

    private final DashboardService dashboards;
    private final CurrentUser user;
    private final AuditLog audit;

    DashboardResource(DashboardService dashboards, CurrentUser user, AuditLog audit) {
        this.dashboards = dashboards;
        this.user = user;
        this.audit = audit;
    }

    /** {@code [{uid, title, tags, version, updatedAt}]} by title, then uid. */
    @GET
    public List<DashboardSummary> list() {
        return dashboards.list(user.tenant());
    }

    /** The stored model (with its uid and version): the export. */
    @GET
    @Path("{uid}")
    public Response get(@PathParam("uid") String uid) {
        return json(Response.ok(), dashboards.get(user.tenant(), uid));
    }

    /**
     * Import: 201 with the stored model and its Location. An existing uid is 409 unless {@code ?overwrite=true} (or
     * the envelope's {@code "overwrite": true}).
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@QueryParam("overwrite") boolean overwrite, String body) {
        TenantId tenant = user.require(Role.EDITOR);
        Stored stored = dashboards.create(tenant, body, overwrite);
        audit.record(tenant, user.actor(), AuditLog.Action.DASHBOARD_CREATED, stored.uid(), null);
        return json(
                Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, PATH + stored.uid()),
                stored.model());
    }

    /** Save: 200 with the stored model at the next version; 409 when the body's "version" is not the stored one. */
    @PUT
    @Path("{uid}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("uid") String uid, String body) {
        TenantId tenant = user.require(Role.EDITOR);
        String model = dashboards.update(tenant, uid, body);
        audit.record(tenant, user.actor(), AuditLog.Action.DASHBOARD_UPDATED, uid, null);
        return json(Response.ok(), model);
    }

    @DELETE
    @Path("{uid}")
    public Response delete(@PathParam("uid") String uid) {
        TenantId tenant = user.require(Role.EDITOR);
        dashboards.delete(tenant, uid);
        audit.record(tenant, user.actor(), AuditLog.Action.DASHBOARD_DELETED, uid, null);
        return Response.noContent().build();
    }

    private static Response json(Response.ResponseBuilder response, String model) {
        return response.type(MediaType.APPLICATION_JSON_TYPE).entity(model).build();
    }
}
