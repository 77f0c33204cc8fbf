package dev.pulseboard.gateway.api;

import dev.pulseboard.contract.errors.ApiException;
import dev.pulseboard.contract.errors.ErrorKind;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Renders every {@link ApiException} of every gateway resource as problem+json. The status comes from
 * {@link ErrorKind}; 401 carries a Bearer challenge, 429/503 a Retry-After in whole seconds.
 */
public class ProblemExceptionMapper {
    static final String BEARER_CHALLENGE = "Bearer realm=\"pulseboard\"";

    @ServerExceptionMapper
    public Response toResponse(ApiException e) {
        Response.ResponseBuilder response =
                Response.status(e.kind().status()).type(Problem.MEDIA_TYPE).entity(Problem.of(e));
        if (e.kind() == ErrorKind.UNAUTHENTICATED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE);
        }
        if (e.kind().retryable() && e.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfterSeconds(e));
        }
        return response.build();
    }

    private static long retryAfterSeconds(ApiException e) {
        long millis = Math.max(0, e.retryAfter().toMillis());
        return (millis + 999) / 1000;
    }
}
