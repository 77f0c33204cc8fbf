package dev.pulseboard.tenant.usage;

import dev.pulseboard.tenant.session.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/usage}: the chosen organisation's ingest rate and discarded samples against its limits. */
@Path("/api/usage")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {
    private final UsageService usage;
    private final CurrentUser user;

    UsageResource(UsageService usage, CurrentUser user) {
        this.usage = usage;
        this.user = user;
    }

    @GET
    public UsageService.Usage get() {
        return usage.of(user.tenant());
    }
}
