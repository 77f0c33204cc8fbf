package dev.pulseboard.tenant.limits;

import dev.pulseboard.tenant.session.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/limits}: the chosen organisation's plan and limits, for every member (read only). */
@Path("/api/limits")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class LimitsResource {
    private final LimitsService limits;
    private final CurrentUser user;

    LimitsResource(LimitsService limits, CurrentUser user) {
        this.limits = limits;
        this.user = user;
    }

    @GET
    public LimitsService.LimitsView get() {
        return limits.get(user.tenant());
    }
}
