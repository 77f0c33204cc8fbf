package dev.pulseboard.gateway.ingest.remotewrite;

import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.prometheus.MetricMetadata;
import dev.pulseboard.contract.prometheus.WriteRequest;
import dev.pulseboard.gateway.api.ApiException;
import dev.pulseboard.gateway.api.ErrorKind;
import dev.pulseboard.gateway.auth.AuthenticatedTenant;
import dev.pulseboard.gateway.auth.TenantAuthenticator;
import dev.pulseboard.gateway.config.GatewayConfig;
import dev.pulseboard.gateway.ingest.BoundedBody;
import dev.pulseboard.gateway.ingest.HttpIngestReplies;
import dev.pulseboard.gateway.ingest.IngestMetrics;
import dev.pulseboard.gateway.ingest.IngestService;
import dev.pulseboard.gateway.ingest.validation.SampleError;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;

/**
 * {@code POST /api/v1/write}: Prometheus remote-write 1.0 (snappy block-compressed protobuf {@code WriteRequest}),
 * authenticated by the key as bearer token or basic-auth password, the way Prometheus' {@code remote_write} sends it.
 * As the spec asks: 204 once Kafka acknowledged every stored sample; 400 for bad data (senders do not retry it; the
 * valid samples of the request are stored); 429 with Retry-After over the tenant's ingest rate and 503 with Retry-After
 * when the store is down (senders retry both). Metadata-only requests are remembered (MetricFamilyTypes) and answered
 * 204. Blocking: runs on a worker thread.
 */
@Path("/api/v1/write")
public class RemoteWriteResource {
    static final String PROTOCOL = "prometheus-remote-write";
    /** Errors listed in a 400 body at most; the rest are counted. */
    private static final int MAX_LISTED_ERRORS = 20;

    private final TenantAuthenticator auth;
    private final IngestService ingest;
    private final IngestMetrics metrics;
    private final MetricFamilyTypes familyTypes;
    private final long maxBodyBytes;
    private final long maxDecompressedBytes;
    private final int maxSamples;
    private final HttpIngestReplies replies;

    public RemoteWriteResource(
            TenantAuthenticator auth,
            IngestService ingest,
            IngestMetrics metrics,
            MetricFamilyTypes familyTypes,
            HttpIngestReplies replies,
            GatewayConfig config) {
        this.auth = auth;
        this.ingest = ingest;
        this.metrics = metrics;
        this.familyTypes = familyTypes;
        this.maxBodyBytes = config.push().maxBodySize().asLongValue();
        this.maxDecompressedBytes = config.remoteWrite().maxDecompressedSize().asLongValue();
        this.maxSamples = config.push().maxSamplesPerRequest();
        this.replies = replies;
    }

    @POST
    @Blocking
    public Response write(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, InputStream body) {
        long receivedAtMs = System.currentTimeMillis();
        AuthenticatedTenant caller = auth.authenticate(authorization);
        replies.refuseIfExhausted(ingest, caller.tenant());
        byte[] compressed = BoundedBody.read(
                body, maxBodyBytes, "pulseboard.gateway.push.max-body-size", ErrorId.REMOTE_WRITE_MALFORMED);
        WriteRequest request = RemoteWriteDecoder.decode(compressed, maxDecompressedBytes);
        for (MetricMetadata m : request.getMetadataList()) {
            familyTypes.remember(caller.tenant(), m);
        }
        RemoteWriteConverter.Converted converted =
                RemoteWriteConverter.convert(request, family -> typeOf(caller.tenant(), request, family));
        if (converted.candidates().size() > maxSamples) {
            throw new ApiException(
                    ErrorKind.INVALID_REQUEST,
                    ErrorId.TOO_MANY_SAMPLES,
                    "the request has " + converted.candidates().size() + " samples, over the limit of " + maxSamples
                            + " (pulseboard.gateway.push.max-samples-per-request); lower max_samples_per_send");
        }
        metrics.discarded(caller.tenant(), ErrorId.STALE_MARKER_NOT_STORED.id(), converted.staleMarkers());
        metrics.discarded(caller.tenant(), ErrorId.EXEMPLAR_NOT_STORED.id(), converted.exemplars());
        IngestService.Outcome outcome = ingest.ingest(caller.tenant(), PROTOCOL, converted.candidates(), receivedAtMs);
        replies.awaitStored(outcome);
        if (!outcome.errors().isEmpty()) {
            List<SampleError> listed = outcome.errors()
                    .subList(0, Math.min(MAX_LISTED_ERRORS, outcome.errors().size()));
            throw new ApiException(
                            ErrorKind.INVALID_REQUEST,
                            ErrorId.SAMPLES_REJECTED,
                            outcome.errors().size() + " of "
                                    + converted.candidates().size()
                                    + " samples were refused (first: "
                                    + outcome.errors().get(0).id() + ": "
                                    + outcome.errors().get(0).message() + "); the others were stored")
                    .with("accepted", outcome.accepted())
                    .with("errors", listed);
        }
        return Response.noContent().build();
    }

    private MetricMetadata.MetricType typeOf(String tenant, WriteRequest request, String family) {
        for (MetricMetadata m : request.getMetadataList()) {
            if (m.getMetricFamilyName().equals(family)) {
                return m.getType();
            }
        }
        return familyTypes.typeOf(tenant, family);
    }
}
