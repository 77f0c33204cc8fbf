package dev.pulseboard.query;

import dev.pulseboard.contract.errors.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.function.BiFunction;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The tenant-scoped subset of the Prometheus HTTP API that Grafana's Prometheus data source uses: instant and range
 * queries, series, label names and label values, by GET or by POST form (parameters of both are merged, as
 * Prometheus does), and metric metadata. Thin: who is calling is {@link QueryCallerResolver}'s job, everything else
 * {@link TenantQueryService}'s (metadata {@link TenantMetadataService}'s). Prometheus' status and JSON body are passed
 * through unchanged. Every answer carries a {@link ServerTiming} header, which browsers' developer tools show: {@code
 * total}, the time from the request reaching this resource to its answer, and {@code prometheus}, the part of it this
 * request's own thread waited for Prometheus (zero for an answer from the caches).
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class QueryResource {
    private final QueryCallerResolver callers;
    private final TenantQueryService queries;
    private final TenantMetadataService metadata;

    public QueryResource(QueryCallerResolver callers, TenantQueryService queries, TenantMetadataService metadata) {
        this.callers = callers;
        this.queries = queries;
        this.metadata = metadata;
    }

    @GET
    @Path("query")
    public Response query(@Context HttpHeaders headers, @Context UriInfo uri) {
        return run(headers, uri, null, queries::instant);
    }

    @POST
    @Path("query")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response queryForm(@Context HttpHeaders headers, @Context UriInfo uri, MultivaluedMap<String, String> form) {
        return run(headers, uri, form, queries::instant);
    }

    @GET
    @Path("query_range")
    public Response queryRange(@Context HttpHeaders headers, @Context UriInfo uri) {
        return run(headers, uri, null, queries::range);
    }

    @POST
    @Path("query_range")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response queryRangeForm(
            @Context HttpHeaders headers, @Context UriInfo uri, MultivaluedMap<String, String> form) {
        return run(headers, uri, form, queries::range);
    }

    @GET
    @Path("series")
    public Response series(@Context HttpHeaders headers, @Context UriInfo uri) {
        return run(headers, uri, null, queries::series);
    }

    @POST
    @Path("series")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response seriesForm(
            @Context HttpHeaders headers, @Context UriInfo uri, MultivaluedMap<String, String> form) {
        return run(headers, uri, form, queries::series);
    }

    @GET
    @Path("labels")
    public Response labels(@Context HttpHeaders headers, @Context UriInfo uri) {
        return run(headers, uri, null, queries::labels);
    }

    @POST
    @Path("labels")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response labelsForm(
            @Context HttpHeaders headers, @Context UriInfo uri, MultivaluedMap<String, String> form) {
        return run(headers, uri, form, queries::labels);
    }

    @GET
    @Path("label/{name}/values")
    public Response labelValues(@Context HttpHeaders headers, @Context UriInfo uri, @PathParam("name") String name) {
        return run(headers, uri, null, (tenant, params) -> queries.labelValues(tenant, name, params));
    }

    /** Types of the tenant's own metric families, derived from its series names: never Prometheus' metadata. */
    @GET
    @Path("metadata")
    public Response metadata(@Context HttpHeaders headers, @Context UriInfo uri) {
        return run(headers, uri, null, metadata::metadata);
    }

    @POST
    @Path("metadata")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response metadataForm(
            @Context HttpHeaders headers, @Context UriInfo uri, MultivaluedMap<String, String> form) {
        return run(headers, uri, form, metadata::metadata);
    }

    /**
     * Prometheus' build information, which Grafana's data source reads to learn which PromQL features it may use. Not
     * tenant data; callers must still authenticate.
     */
    @GET
    @Path("status/buildinfo")
    public Response buildInfo(@Context HttpHeaders headers, @Context UriInfo uri) {
        return run(headers, uri, null, (tenant, params) -> queries.buildInfo(tenant));
    }

    /** Errors on this API use the Prometheus error envelope; see {@link PrometheusErrors}. */
    @ServerExceptionMapper
    public Response toPrometheusError(ApiException e) {
        return PrometheusErrors.toResponse(e);
    }

    private Response run(
            HttpHeaders headers,
            UriInfo uri,
            MultivaluedMap<String, String> form,
            BiFunction<String, MultivaluedMap<String, String>, PrometheusReply> endpoint) {
        long t0 = System.nanoTime();
        var unused = PrometheusClient.takeWaitedNanos(); // what an earlier use of this worker thread left
        String tenant = callers.tenantOf(headers);
        // Form values first, then the URL's: Go's Request.FormValue, which Prometheus uses, prefers the body.
        MultivaluedMap<String, String> params = new MultivaluedHashMap<>();
        if (form != null) {
            form.forEach(params::addAll);
        }
        uri.getQueryParameters().forEach(params::addAll);
        PrometheusReply reply = endpoint.apply(tenant, params);
        long total = System.nanoTime() - t0;
        return Response.status(reply.status())
                .header(ServerTiming.HEADER, ServerTiming.of(PrometheusClient.takeWaitedNanos(), total))
                .type(reply.contentType())
                .entity(reply.body())
                .build();
    }
}
