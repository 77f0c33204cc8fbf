package dev.pulseboard.gateway.ingest.http;

import dev.pulseboard.contract.errors.ApiException;
import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.errors.ErrorKind;
import dev.pulseboard.contract.keys.AuthenticatedTenant;
import dev.pulseboard.contract.keys.TenantAuthenticator;
import dev.pulseboard.gateway.ingest.HttpIngest;
import dev.pulseboard.gateway.ingest.IngestService;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;

/**
 * {@code POST /api/v1/push}: the JSON batch API. The tenant is the owner of the Bearer ingest key. Answers only
 * after Kafka acknowledged every accepted sample: 200 {@code {"accepted":N}}; 400 problem+json
 * err-pb-samples-rejected with {@code accepted} and per-sample {@code errors} when some were refused (the valid
 * ones are still written); 503 err-pb-store-unavailable with Retry-After when Kafka did not acknowledge in time.
 * Blocking: it runs on a worker thread, never on the event loop.
 */
@Path("/api/v1/push")
public class PushResource {
    static final String PROTOCOL = "http-json";

    private final TenantAuthenticator auth;
    private final PushBodyReader reader;
    private final HttpIngest http;

    public PushResource(TenantAuthenticator auth, PushBodyReader reader, HttpIngest http) {
        this.auth = auth;
        this.reader = reader;
        this.http = http;
    }

    @POST
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    public PushResponse push(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, InputStream body) {
        long receivedAtMs = System.currentTimeMillis();
        AuthenticatedTenant caller = auth.authenticate(authorization);
        http.refuseIfExhausted(caller.tenant());
        PushRequest request = reader.read(body);
        IngestService.Outcome outcome = http.store(
                caller.tenant(),
                PROTOCOL,
                PushSampleConverter.convert(request.samples(), receivedAtMs),
                receivedAtMs,
                "split it");
        if (!outcome.errors().isEmpty()) {
            throw new ApiException(
                            ErrorKind.INVALID_REQUEST,
                            ErrorId.SAMPLES_REJECTED,
                            outcome.errors().size() + " of " + request.samples().size()
                                    + " samples were refused; the others were stored")
                    .with("accepted", outcome.accepted())
                    .with("errors", outcome.errors());
        }
        return new PushResponse(outcome.accepted());
    }

    /** 200 body. */
    public record PushResponse(int accepted) {}
}
