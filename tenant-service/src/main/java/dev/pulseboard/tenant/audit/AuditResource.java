package dev.pulseboard.tenant.audit;

import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import dev.pulseboard.tenant.identity.Role;
import dev.pulseboard.tenant.session.CurrentUser;
import dev.pulseboard.tenant.store.AuditEventEntity;
import dev.pulseboard.tenant.store.AuditEventRepository;
import io.quarkus.security.Authenticated;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** {@code GET /api/audit}: the chosen organisation's audit log, newest first, for its admins and owners. */
@Path("/api/audit")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    static final int MAX_LIMIT = 200;

    public record Event(
            long id,
            Instant at,
            String actorId,
            String actorEmail,
            String action,
            String target,
            String sourceIp,
            String detail) {
        static Event of(AuditEventEntity e) {
            return new Event(e.id, e.at, e.actorId, e.actorEmail, e.action, e.target, e.sourceIp, e.detail);
        }
    }

    /** {@code next}: pass as {@code before} for the page after this one; null on the last page. */
    public record Page(List<Event> events, Long next) {}

    private final AuditEventRepository events;
    private final CurrentUser user;

    AuditResource(AuditEventRepository events, CurrentUser user) {
        this.events = events;
        this.user = user;
    }

    @GET
    @Transactional
    public Page list(@QueryParam("limit") Integer limit, @QueryParam("before") Long before) {
        var tenant = user.require(Role.ADMIN);
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ProblemException.invalidField(
                    TenantError.BAD_REQUEST, "limit", "limit must be between 1 and " + MAX_LIMIT + ".");
        }
        List<Event> page = events.page(tenant.value(), before, size + 1).stream()
                .map(Event::of)
                .toList();
        boolean more = page.size() > size;
        List<Event> shown = more ? page.subList(0, size) : page;
        return new Page(shown, more ? shown.get(shown.size() - 1).id() : null);
    }
}
