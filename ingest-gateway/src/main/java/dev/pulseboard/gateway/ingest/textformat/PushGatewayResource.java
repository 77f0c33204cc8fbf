package dev.pulseboard.gateway.ingest.textformat;

import dev.pulseboard.contract.errors.ApiException;
import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.errors.ErrorKind;
import dev.pulseboard.contract.keys.AuthenticatedTenant;
import dev.pulseboard.contract.keys.TenantAuthenticator;
import dev.pulseboard.gateway.config.GatewayConfig;
import dev.pulseboard.gateway.ingest.BoundedBody;
import dev.pulseboard.gateway.ingest.HttpIngest;
import dev.pulseboard.gateway.ingest.IngestMetrics;
import dev.pulseboard.gateway.ingest.IngestService;
import dev.pulseboard.gateway.ingest.validation.Candidate;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code PUT|POST /metrics/job/<job>{/<label>/<value>}}: the Prometheus text exposition format 0.0.4
 * ({@code text/plain}, the default) or OpenMetrics 1.0 text ({@code application/openmetrics-text}) pushed the way one
 * pushes to a Pushgateway, by the Pushgateway clients of every Prometheus client library, authenticated by the key as
 * basic-auth password or bearer token. The grouping labels of the path ({@link GroupingPath}) are set on every sample.
 * A push is a set of samples at its receive time, not state kept per group: PUT and POST both store what was pushed,
 * and DELETE, which would delete a group's stored state on a Pushgateway, is refused (405 err-pb-push-delete-unsupported).
 * 200 {@code {"accepted":N}} once Kafka acknowledged every sample; 400 err-pb-samples-rejected when some lines or
 * samples were refused (each error names its line; the valid samples were stored); 400 err-pb-text-malformed when the
 * body as a whole is unusable (not UTF-8, an OpenMetrics body without {@code # EOF}: nothing stored); 415
 * err-pb-push-format-unsupported for the Pushgateway's protobuf format. Blocking: runs on a worker thread.
 */
@Path("/metrics")
public class PushGatewayResource {
    static final String PROTOCOL = "prometheus-text";

    private final TenantAuthenticator auth;
    private final IngestMetrics metrics;
    private final HttpIngest http;
    private final long maxBodyBytes;

    public PushGatewayResource(TenantAuthenticator auth, IngestMetrics metrics, HttpIngest http, GatewayConfig config) {
        this.auth = auth;
        this.metrics = metrics;
        this.http = http;
        this.maxBodyBytes = config.push().maxBodySize().asLongValue();
    }

    @PUT
    @Path("{grouping: .+}")
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    public PushedResponse put(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Encoded @PathParam("grouping") String grouping,
            InputStream body) {
        return push(authorization, contentType, grouping, body);
    }

    @POST
    @Path("{grouping: .+}")
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    public PushedResponse post(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Encoded @PathParam("grouping") String grouping,
            InputStream body) {
        return push(authorization, contentType, grouping, body);
    }

    @DELETE
    @Path("{grouping: .+}")
    public void delete(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        auth.authenticate(authorization);
        throw new ApiException(
                ErrorKind.METHOD_NOT_ALLOWED,
                ErrorId.PUSH_DELETE_UNSUPPORTED,
                "Pulseboard stores pushed samples as they arrive and keeps no group state to delete; a series that is"
                        + " no longer pushed stops having new samples");
    }

    private PushedResponse push(String authorization, String contentType, String groupingPath, InputStream body) {
        long receivedAtMs = System.currentTimeMillis();
        AuthenticatedTenant caller = auth.authenticate(authorization);
        Map<String, String> grouping = GroupingPath.parse(groupingPath);
        TextExpositionParser.Format format = formatOf(contentType);
        http.refuseIfExhausted(caller.tenant());
        String text = utf8(
                BoundedBody.read(body, maxBodyBytes, "pulseboard.gateway.push.max-body-size", ErrorId.TEXT_MALFORMED));
        TextExpositionParser.Parsed parsed;
        try {
            parsed = TextExpositionParser.parse(text, format);
        } catch (TextExpositionParser.MalformedExposition e) {
            throw new ApiException(ErrorKind.INVALID_REQUEST, ErrorId.TEXT_MALFORMED, e.getMessage());
        }
        metrics.discarded(caller.tenant(), ErrorId.EXEMPLAR_NOT_STORED.id(), parsed.exemplars());
        List<Candidate> candidates = TextExpositionConverter.convert(parsed, grouping, receivedAtMs);
        IngestService.Outcome outcome =
                http.store(caller.tenant(), PROTOCOL, candidates, receivedAtMs, "push fewer samples at once");
        if (!outcome.errors().isEmpty()) {
            throw HttpIngest.samplesRejected(outcome, candidates.size());
        }
        return new PushedResponse(outcome.accepted());
    }

    static TextExpositionParser.Format formatOf(String contentType) {
        String type =
                contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).trim();
        if (type.startsWith("application/openmetrics-text")) {
            return TextExpositionParser.Format.OPENMETRICS_1_0;
        }
        if (type.startsWith("application/vnd.google.protobuf")) {
            throw new ApiException(
                    ErrorKind.UNSUPPORTED_MEDIA_TYPE,
                    ErrorId.PUSH_FORMAT_UNSUPPORTED,
                    "the Pushgateway's protobuf format is not accepted; push the text format (text/plain;"
                            + " version=0.0.4) or OpenMetrics (application/openmetrics-text; version=1.0.0)");
        }
        return TextExpositionParser.Format.PROMETHEUS_0_0_4;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(ErrorKind.INVALID_REQUEST, ErrorId.TEXT_MALFORMED, "the body is not UTF-8 text");
        }
    }

    /** 200 body. */
    public record PushedResponse(int accepted) {}
}
