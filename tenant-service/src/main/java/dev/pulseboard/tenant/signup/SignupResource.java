package dev.pulseboard.tenant.signup;

import dev.pulseboard.tenant.session.RequestOrigin;
import dev.pulseboard.tenant.throttle.PublicEndpointThrottle;
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
    private final RequestOrigin origin;
    private final PublicEndpointThrottle throttle;

    SignupResource(SignupService signups, RequestOrigin origin, PublicEndpointThrottle throttle) {
        this.signups = signups;
        this.origin = origin;
        this.throttle = throttle;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response signUp(SignupRequest body) {
        throttle.admit(origin.address());
        return Response.status(Response.Status.CREATED)
                .entity(signups.signUp(body, origin.address()))
                .build();
    }
}
