package dev.pulseboard.tenant.provisioning;

import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.identity.Role;
import dev.pulseboard.tenant.session.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Where the caller's organisation stands in Grafana and Thanos (docs/deploy.md, "Provisioning Grafana and Thanos"):
 * {@code {tenant, targets: [{target, state, detail, attempts, updatedAt, checkedAt}]}}, one entry per target.
 */
@Path("/api/provisioning")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ProvisioningResource {
    private final CurrentUser user;
    private final ProvisioningStatusRepository status;
    private final ProvisioningTargets targets;

    ProvisioningResource(CurrentUser user, ProvisioningStatusRepository status, ProvisioningTargets targets) {
        this.user = user;
        this.status = status;
        this.targets = targets;
    }

    @GET
    public ProvisioningView get() {
        TenantId tenant = user.require(Role.ADMIN);
        return ProvisioningView.of(tenant, status.statusOf(tenant), targets::configured);
    }
}
