package dev.pulseboard.query;

import dev.pulseboard.contract.errors.ApiException;
import dev.pulseboard.contract.errors.ErrorKind;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders the query frontend's errors in the Prometheus HTTP API error envelope instead of problem+json
 * (see docs/adr/004-query-api-prometheus-error-envelope.md): {@code {"status":"error","errorType":...,"error":...}} is what
 * Grafana and other Prometheus API clients parse and show; a problem+json body would break them (its numeric
 * "status" member collides with the envelope's). The stable id is in {@code errorId} and leads {@code error}.
 * Status and headers follow {@link ErrorKind}, as at the gateway: a Bearer challenge on 401, Retry-After on 429 and 503.
 */
final class PrometheusErrors {
    private PrometheusErrors() {}

    static Response toResponse(ApiException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("errorType", errorType(e.kind()));
        body.put("error", e.errorId() + ": " + e.getMessage());
        body.put("errorId", e.errorId());
        body.putAll(e.extensions());
        Response.ResponseBuilder response = Response.status(e.kind().status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body);
        if (e.kind() == ErrorKind.UNAUTHENTICATED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"pulseboard\"");
        }
        if (e.kind().retryable() && e.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER, (Math.max(0, e.retryAfter().toMillis()) + 999) / 1000);
        }
        return response.build();
    }

    /** Prometheus' own errorType values where one fits (bad_data, unavailable), otherwise a plain word. */
    private static String errorType(ErrorKind kind) {
        return switch (kind) {
            case INVALID_REQUEST, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE -> "bad_data";
            case METHOD_NOT_ALLOWED -> "method_not_allowed";
            case UNAUTHENTICATED -> "unauthorized";
            case FORBIDDEN -> "forbidden";
            case NOT_FOUND -> "not_found";
            case RATE_LIMITED -> "too_many_requests";
            case UNAVAILABLE -> "unavailable";
        };
    }
}
