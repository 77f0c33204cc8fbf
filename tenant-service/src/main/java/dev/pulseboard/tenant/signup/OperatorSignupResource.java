package dev.pulseboard.tenant.signup;

import dev.pulseboard.tenant.operator.OperatorToken;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The platform operator creates a tenant with its owner directly ({@code ./pulseboard}'s demo tenant, benchmarks,
 * an operator onboarding a customer): {@code POST /internal/v1/tenants} with the internal token and the body the
 * sign-up form sends plus a password. 201 with the first ingest key; unlike public sign-up it answers 409
 * {@code err-pb-tenant-exists} / {@code err-pb-user-exists} at once, to the operator only.
 */
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
public class OperatorSignupResource {
    private final SignupService signups;
    private final OperatorToken operator;

    OperatorSignupResource(SignupService signups, OperatorToken operator) {
        this.signups = signups;
        this.operator = operator;
    }

    @POST
    @Path("tenants")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@HeaderParam(OperatorToken.HEADER) String presented, SignupRequest body) {
        operator.authorize(presented);
        return Response.status(Response.Status.CREATED)
                .entity(signups.signUp(body, "operator"))
                .build();
    }
}
