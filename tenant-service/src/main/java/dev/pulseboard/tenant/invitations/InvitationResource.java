package dev.pulseboard.tenant.invitations;

import static dev.pulseboard.tenant.session.JsonBodies.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulseboard.tenant.identity.Role;
import dev.pulseboard.tenant.members.MemberResource;
import dev.pulseboard.tenant.session.CurrentUser;
import dev.pulseboard.tenant.session.RequestOrigin;
import dev.pulseboard.tenant.throttle.PublicEndpointThrottle;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/invitations}: admins invite, list and revoke; the holder of a link looks it up and accepts it, logged in
 * or by creating an account ({@code lookup} and {@code register} are public: the link is the credential).
 */
@Path("/api/invitations")
@Produces(MediaType.APPLICATION_JSON)
public class InvitationResource {
    private final InvitationService invitations;
    private final CurrentUser user;
    private final RequestOrigin origin;
    private final PublicEndpointThrottle throttle;

    InvitationResource(
            InvitationService invitations, CurrentUser user, RequestOrigin origin, PublicEndpointThrottle throttle) {
        this.invitations = invitations;
        this.user = user;
        this.origin = origin;
        this.throttle = throttle;
    }

    /** What {@code POST /api/invitations} answers: the invitation and, this once, its link. */
    public record CreatedInvitation(
            UUID id,
            String email,
            String role,
            java.time.Instant createdAt,
            java.time.Instant expiresAt,
            String createdBy,
            String link) {}

    /** Body {@code {"email":"...","role":"editor"}}. */
    @POST
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    public Response invite(JsonNode body) {
        InvitationService.Created created = invitations.invite(
                user.membership(Role.ADMIN), user.actor(), text(body, "email"), MemberResource.role(body));
        InvitationView i = created.invitation();
        return Response.status(Response.Status.CREATED)
                .entity(new CreatedInvitation(
                        i.id(), i.email(), i.role(), i.createdAt(), i.expiresAt(), i.createdBy(), created.link()))
                .build();
    }

    @GET
    @Authenticated
    public List<InvitationView> pending() {
        return invitations.pending(user.require(Role.ADMIN));
    }

    @DELETE
    @Path("{id}")
    @Authenticated
    public void revoke(@PathParam("id") String id) {
        invitations.revoke(user.require(Role.ADMIN), user.actor(), parse(id));
    }

    /** Body {@code {"token":"..."}}. Public. */
    @POST
    @Path("lookup")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    public InvitationService.Lookup lookup(JsonNode body) {
        throttle.admit(origin.address());
        return invitations.lookup(text(body, "token"));
    }

    /** Body {@code {"token":"..."}}; the logged-in user joins. They need not belong to any organisation yet. */
    @POST
    @Path("accept")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    public InvitationService.Joined accept(JsonNode body) {
        return invitations.accept(text(body, "token"), user.userId(), user.email());
    }

    /** Body {@code {"token","password","firstName","lastName"}}. Public: creates the invited user's account. */
    @POST
    @Path("register")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(JsonNode body) {
        throttle.admit(origin.address());
        InvitationService.Joined joined = invitations.register(
                text(body, "token"), text(body, "password"), text(body, "firstName"), text(body, "lastName"));
        return Response.status(Response.Status.CREATED)
                .entity(new Registered(joined.tenant(), joined.organization(), joined.role(), "/app/"))
                .build();
    }

    /** What {@code register} answers. */
    public record Registered(String tenant, String organization, String role, String loginUrl) {}

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw InvitationService.notFound();
        }
    }
}
