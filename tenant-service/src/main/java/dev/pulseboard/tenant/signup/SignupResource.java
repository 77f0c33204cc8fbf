package dev.pulseboard.tenant.signup;

import static dev.pulseboard.tenant.session.JsonBodies.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulseboard.tenant.session.RequestOrigin;
import dev.pulseboard.tenant.throttle.PublicEndpointThrottle;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Public sign-up, verified by e-mail (SignupVerification): {@code POST /api/signup} answers 202 whoever the address
 * belongs to, the mailed link's page looks the request up and completes it with a password (201, the first ingest
 * key shown once). All three are throttled per source address.
 */
@Path("/api/signup")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class SignupResource {
    private final SignupVerification verification;
    private final RequestOrigin origin;
    private final PublicEndpointThrottle throttle;

    SignupResource(SignupVerification verification, RequestOrigin origin, PublicEndpointThrottle throttle) {
        this.verification = verification;
        this.origin = origin;
        this.throttle = throttle;
    }

    /** What {@code POST /api/signup} answers, whatever the address. */
    public record Requested(String message) {}

    static final Requested REQUESTED =
            new Requested("Check your inbox: we sent a link to finish signing up to that address. It works for a day.");

    /** Body {@code {"organization","tenant"?,"email","firstName","lastName"}}: 202, a link mailed to the address. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response signUp(SignupRequest body) {
        throttle.admit(origin.address());
        verification.request(body, origin.address());
        return Response.status(Response.Status.ACCEPTED).entity(REQUESTED).build();
    }

    /** Body {@code {"token":"..."}} from the link: what it signs up. */
    @POST
    @Path("lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    public SignupVerification.Pending lookup(JsonNode body) {
        throttle.admit(origin.address());
        return verification.lookup(text(body, "token"));
    }

    /** Body {@code {"token","password","tenant"?}}: 201 with the first ingest key (shown once). */
    @POST
    @Path("complete")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response complete(JsonNode body) {
        throttle.admit(origin.address());
        SignupResponse created = verification.complete(
                text(body, "token"), text(body, "password"), text(body, "tenant"), origin.address());
        return Response.status(Response.Status.CREATED).entity(created).build();
    }
}
