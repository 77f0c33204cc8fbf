package dev.pulseboard.tenant.signup;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Public {@code POST /api/signup}: 201 with the first ingest key (shown once), 400/409 problem+json otherwise. */
@Path("/api/signup")
public class SignupResource {
    private final SignupService signups;

    SignupResource(SignupService signups) {
        this.signups = signups;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response signUp(SignupRequest request) {
        return Response.status(Response.Status.CREATED)
                .entity(signups.signUp(request))
                .build();
    }
}
