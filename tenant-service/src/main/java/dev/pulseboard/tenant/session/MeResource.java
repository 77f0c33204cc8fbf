package dev.pulseboard.tenant.session;

import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.identity.Role;
import dev.pulseboard.tenant.store.TenantRepository;
import io.quarkus.security.Authenticated;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

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
    private final TenantRepository tenants;

    MeResource(CurrentUser user, TenantRepository tenants) {
        this.user = user;
        this.tenants = tenants;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    public Me me() {
        CurrentUser.Membership chosen = user.chosen().orElse(null);
        List<Organization> organizations =
                user.organizations().entrySet().stream().map(this::organization).toList();
        Organization current = chosen == null ? null : organization(Map.entry(chosen.tenant(), chosen.role()));
        return new Me(
                current == null ? null : current.tenant(),
                current == null ? null : current.organization(),
                current == null ? null : current.role(),
                user.email(),
                user.userId(),
                organizations);
    }

    private Organization organization(Map.Entry<TenantId, Role> membership) {
        String name = tenants.findByIdOptional(membership.getKey().value())
                .map(t -> t.displayName)
                .orElse(membership.getKey().value());
        return new Organization(
                membership.getKey().value(), name, membership.getValue().id());
    }
}
