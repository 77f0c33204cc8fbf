package dev.pulseboard.tenant.errors;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The one place that maps failures to HTTP: a {@link ProblemException} keeps its id and status, framework errors
 * (unknown route, unreadable JSON, wrong method) get generic ids, anything else is a 500 whose body says nothing
 * about the cause. Bodies are RFC 9457 problem+json shaped like the gateway's:
 * {@code {"type":"/docs/errors#<id>","title","status","detail","id":"<id>"[,"field"]}}.
 */
@Provider
public class ProblemExceptionMapper implements ExceptionMapper<Throwable> {
    public static final String PROBLEM_JSON = "application/problem+json";
    private static final Logger LOG = Logger.getLogger(ProblemExceptionMapper.class);

    @Override
    public Response toResponse(Throwable failure) {
        if (failure instanceof ProblemException problem) {
            if (problem.errorId().status().getFamily() == Response.Status.Family.SERVER_ERROR) {
                LOG.warnf(problem.getCause(), "%s: %s", problem.errorId().id(), problem.getMessage());
            }
            Response response = problem(problem.errorId(), problem.getMessage(), problem.field());
            return problem.retryAfterSeconds() == null
                    ? response
                    : Response.fromResponse(response)
                            .header("Retry-After", problem.retryAfterSeconds())
                            .build();
        }
        if (failure instanceof NotFoundException) {
            return problem(TenantError.NOT_FOUND, "No such resource.", null);
        }
        if (failure instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            return passThrough(web.getResponse().getStatus());
        }
        LOG.error("unhandled failure", failure);
        return problem(TenantError.INTERNAL, "The request failed; the error was logged.", null);
    }

    private static Response passThrough(int status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "/docs/errors#" + TenantError.BAD_REQUEST.id());
        body.put(
                "title",
                Response.Status.fromStatusCode(status) == null
                        ? "Request rejected"
                        : Response.Status.fromStatusCode(status).getReasonPhrase());
        body.put("status", status);
        body.put("id", TenantError.BAD_REQUEST.id());
        return Response.status(status).type(PROBLEM_JSON).entity(body).build();
    }

    public static Response problem(TenantError id, String detail, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "/docs/errors#" + id.id());
        body.put("title", id.title());
        body.put("status", id.status().getStatusCode());
        body.put("detail", detail);
        body.put("id", id.id());
        if (field != null) {
            body.put("field", field);
        }
        Response.ResponseBuilder response =
                Response.status(id.status()).type(PROBLEM_JSON).entity(body);
        if (id.status() == Response.Status.SERVICE_UNAVAILABLE) {
            response.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        return response.build();
    }

    /** Every 503 here is a dependency that is briefly away (Keycloak, the gateway, Kafka): try again shortly. */
    static final int RETRY_AFTER_SECONDS = 5;
}
