package dev.pulseboard.tenant.query;

import dev.pulseboard.tenant.session.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code GET /api/query} and {@code GET /api/query_range} for the web UI: the Prometheus HTTP API parameters are
 * forwarded to the query frontend, the tenant is the caller's organization (a browser-sent tenant is ignored), and the
 * query frontend's status and body are passed through.
 */
@Path("/api")
@Authenticated
public class QueryProxyResource {
    /** Prometheus HTTP API parameters of /query and /query_range; anything else is dropped, not forwarded. */
    static final Set<String> FORWARDED =
            Set.of("query", "time", "timeout", "start", "end", "step", "limit", "lookback_delta", "stats");

    private final QueryFrontendClient queries;
    private final CurrentUser user;

    QueryProxyResource(QueryFrontendClient queries, CurrentUser user) {
        this.queries = queries;
        this.user = user;
    }

    @GET
    @Path("query")
    public Response query(@Context UriInfo uri) {
        return forward("query", uri);
    }

    @GET
    @Path("query_range")
    public Response queryRange(@Context UriInfo uri) {
        return forward("query_range", uri);
    }

    private Response forward(String api, UriInfo uri) {
        Map<String, List<String>> params = new TreeMap<>();
        uri.getQueryParameters().forEach((name, values) -> {
            if (FORWARDED.contains(name)) {
                params.put(name, values);
            }
        });
        QueryFrontendClient.Answer answer = queries.query(api, user.tenant(), params);
        return Response.status(answer.status())
                .type(answer.contentType())
                .entity(answer.body())
                .build();
    }
}
