package dev.pulseboard.tenant.session;

import io.quarkus.security.Authenticated;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code GET /api/me}: who the SPA is talking to — the user, every organisation they belong to with their role, and the
 * chosen one ({@code tenant}, {@code organization}, {@code role}; null when the user has several and chose none).
 */
@Path("/api/me")
@Authenticated
public class MeResource {

    public record Organization(String tenant, String organization, String role) {}

    public record Me(
            String tenant,
            String organization,
            String role,
            String email,
            String userId,
            List<Organization> organizations) {}

    private final CurrentUser user;

    MeResource(CurrentUser user) {
        this.user = user;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    public Me me() {
        Organization current = user.chosen().map(MeResource::organization).orElse(null);
        List<Organization> organizations =
                user.organizations().stream().map(MeResource::organization).toList();
        return new Me(
                current == null ? null : current.tenant(),
                current == null ? null : current.organization(),
                current == null ? null : current.role(),
                user.email(),
                user.userId(),
                organizations);
    }

    private static Organization organization(CurrentUser.Membership membership) {
        return new Organization(
                membership.tenant().value(),
                membership.name(),
                membership.role().id());
    }
}
