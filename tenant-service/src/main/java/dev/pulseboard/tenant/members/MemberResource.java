package dev.pulseboard.tenant.members;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import dev.pulseboard.tenant.identity.Role;
import dev.pulseboard.tenant.session.CurrentUser;
import dev.pulseboard.tenant.session.CurrentUser.Membership;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code /api/members}: who belongs to the chosen organisation, role changes, removal and leaving. */
@Path("/api/members")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MemberResource {
    private final MemberService members;
    private final CurrentUser user;

    MemberResource(MemberService members, CurrentUser user) {
        this.members = members;
        this.user = user;
    }

    @GET
    public List<MemberView> list() {
        return members.list(user.tenant());
    }

    /** Body {@code {"role":"editor"}}. */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public MemberView changeRole(@PathParam("id") String id, JsonNode body) {
        return members.changeRole(caller(), user.actor(), id, role(body));
    }

    @DELETE
    @Path("{id}")
    public void remove(@PathParam("id") String id) {
        members.remove(caller(), user.actor(), id);
    }

    private Membership caller() {
        return user.membership(Role.VIEWER); // the service checks the role each action needs
    }

    /** The {@code role} field of a request body, or 400 {@code err-pb-role-invalid}. */
    public static Role role(JsonNode body) {
        JsonNode role = body == null ? null : body.get("role");
        return (role != null && role.isTextual() ? Role.of(role.asText()) : java.util.Optional.<Role>empty())
                .orElseThrow(() -> ProblemException.invalidField(
                        TenantError.ROLE_INVALID, "role", "role must be one of owner, admin, editor, viewer."));
    }
}
