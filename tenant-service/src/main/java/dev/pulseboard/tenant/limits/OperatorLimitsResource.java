package dev.pulseboard.tenant.limits;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import dev.pulseboard.tenant.operator.OperatorToken;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * The platform operator's limits API ({@code ./pulseboard limits}): a tenant's plan and overrides, set with the
 * internal token ({@code X-Pulseboard-Internal-Token}), never by the tenant itself. 401 err-pb-internal-token without
 * the right token.
 */
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
public class OperatorLimitsResource {
    public static final String TOKEN_HEADER = OperatorToken.HEADER;
    private final LimitsService limits;
    private final OperatorToken operator;

    OperatorLimitsResource(LimitsService limits, OperatorToken operator) {
        this.limits = limits;
        this.operator = operator;
    }

    @GET
    @Path("plans")
    public Map<String, JsonNode> plans(@HeaderParam(TOKEN_HEADER) String presented) {
        authorize(presented);
        return limits.plans();
    }

    @GET
    @Path("tenants/{tenant}/limits")
    public LimitsService.LimitsView get(
            @HeaderParam(TOKEN_HEADER) String presented, @PathParam("tenant") String tenant) {
        authorize(presented);
        return limits.get(tenant(tenant));
    }

    /** Body {@code {"plan": "free", "overrides": {"ingest_rate": 500}}}; either may be left out (unchanged). */
    @PUT
    @Path("tenants/{tenant}/limits")
    @Consumes(MediaType.APPLICATION_JSON)
    public LimitsService.LimitsView set(
            @HeaderParam(TOKEN_HEADER) String presented, @PathParam("tenant") String tenant, JsonNode body) {
        authorize(presented);
        JsonNode plan = body == null ? null : body.get("plan");
        if (plan != null && !plan.isNull() && !plan.isTextual()) {
            throw LimitFields.invalid("plan", "plan must be a plan's name.");
        }
        return limits.set(
                tenant(tenant),
                plan == null || plan.isNull() ? null : plan.asText(),
                body == null ? null : body.get("overrides"),
                "operator");
    }

    private void authorize(String presented) {
        operator.authorize(presented);
    }

    private static TenantId tenant(String id) {
        if (!TenantId.isValid(id)) {
            throw new ProblemException(TenantError.ORGANIZATION_NOT_FOUND, "No active tenant with that id.");
        }
        return new TenantId(id);
    }
}
