package dev.pulseboard.tenant.keys;

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
import java.util.List;
import java.util.UUID;

/** The logged-in tenant's ingest keys. The tenant is the caller's organization; a foreign or malformed id is 404. */
@Path("/api/keys")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class IngestKeyResource {
    private final IngestKeyService keys;
    private final CurrentUser user;

    IngestKeyResource(IngestKeyService keys, CurrentUser user) {
        this.keys = keys;
        this.user = user;
    }

    @GET
    public List<KeyView> list() {
        return keys.list(user.tenant());
    }

    /** 201 with the raw key: the only time it is ever shown. */
    @POST
    public Response create() {
        IssuedKey issued = keys.issue(user.tenant());
        return Response.status(Response.Status.CREATED).entity(issued).build();
    }

    @DELETE
    @Path("{id}")
    public KeyView revoke(@PathParam("id") String id) {
        UUID keyId = parse(id);
        KeyView revoked = keys.revoke(user.tenant(), keyId);
        keys.confirmRevocation(user.tenant(), keyId); // 503 until the gateways will refuse it
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
