package dev.pulseboard.tenant.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulseboard.contract.keys.KeyScope;
import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.audit.AuditLog;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import dev.pulseboard.tenant.identity.Role;
import dev.pulseboard.tenant.session.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The logged-in tenant's ingest keys. The tenant is the caller's organization; a foreign or malformed id is 404. */
@Path("/api/keys")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class IngestKeyResource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final IngestKeyService keys;
    private final CurrentUser user;
    private final AuditLog audit;

    IngestKeyResource(IngestKeyService keys, CurrentUser user, AuditLog audit) {
        this.keys = keys;
        this.user = user;
        this.audit = audit;
    }

    @GET
    public List<KeyView> list() {
        return keys.list(user.require(Role.ADMIN));
    }

    /**
     * 201 with the raw key: the only time it is ever shown. Body (optional):
     * {@code {"name":"...","scopes":["ingest"|"read",...]}}; without scopes the key may send samples only.
     */
    @POST
    public Response create(String body) {
        TenantId tenant = user.require(Role.ADMIN);
        JsonNode request = body(body);
        JsonNode name = request.path("name");
        IssuedKey issued =
                keys.issue(tenant, scopes(request.path("scopes")), name.isTextual() ? name.asText() : "", user.email());
        audit.record(
                tenant,
                user.actor(),
                AuditLog.Action.KEY_CREATED,
                issued.prefix(),
                String.join(",", issued.scopes()) + (issued.name().isEmpty() ? "" : " \"" + issued.name() + "\""));
        return Response.status(Response.Status.CREATED).entity(issued).build();
    }

    private static JsonNode body(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw invalidScopes("the body is not JSON");
        }
    }

    private static Set<KeyScope> scopes(JsonNode requested) {
        if (requested.isMissingNode()) {
            return EnumSet.of(KeyScope.INGEST);
        }
        if (!requested.isArray() || requested.isEmpty()) {
            throw invalidScopes("scopes must be a non-empty list");
        }
        Set<KeyScope> scopes = EnumSet.noneOf(KeyScope.class);
        for (JsonNode id : requested) {
            KeyScope scope = id.isTextual() ? KeyScope.of(id.asText()) : null;
            if (scope == null) {
                throw invalidScopes("unknown scope " + id);
            }
            scopes.add(scope);
        }
        return scopes;
    }

    private static ProblemException invalidScopes(String why) {
        return new ProblemException(
                TenantError.KEY_SCOPES_INVALID,
                why + "; send {\"scopes\": [\"ingest\"]}, [\"read\"] or [\"ingest\", \"read\"].");
    }

    @DELETE
    @Path("{id}")
    public KeyView revoke(@PathParam("id") String id) {
        TenantId tenant = user.require(Role.ADMIN);
        UUID keyId = parse(id);
        KeyView revoked = keys.revoke(tenant, keyId);
        keys.confirmRevocation(tenant, keyId); // 503 until the gateways will refuse it
        audit.record(tenant, user.actor(), AuditLog.Action.KEY_REVOKED, revoked.prefix(), null);
        return revoked;
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw IngestKeyService.notFound(id.length() > 40 ? id.substring(0, 40) : id);
        }
    }
}
