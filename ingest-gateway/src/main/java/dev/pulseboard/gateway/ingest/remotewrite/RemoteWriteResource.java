package dev.pulseboard.gateway.ingest.remotewrite;

import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.keys.AuthenticatedTenant;
import dev.pulseboard.contract.keys.TenantAuthenticator;
import dev.pulseboard.contract.limits.Limits;
import dev.pulseboard.contract.prometheus.MetricMetadata;
import dev.pulseboard.contract.prometheus.WriteRequest;
import dev.pulseboard.gateway.config.GatewayConfig;
import dev.pulseboard.gateway.ingest.BoundedBody;
import dev.pulseboard.gateway.ingest.HttpIngest;
import dev.pulseboard.gateway.ingest.IngestMetrics;
import dev.pulseboard.gateway.ingest.IngestService;
import dev.pulseboard.gateway.ingest.kafka.MetricsRawWriter;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code POST /api/v1/write}: Prometheus remote-write 1.0 (snappy block-compressed protobuf {@code WriteRequest}),
 * authenticated by the key as bearer token or basic-auth password, the way Prometheus' {@code remote_write} sends it.
 * As the spec asks: 204 once Kafka acknowledged every stored sample; 400 for bad data (senders do not retry it; the
 * valid samples of the request are stored); 429 with Retry-After over the tenant's ingest rate and 503 with Retry-After
 * when the store is down (senders retry both). Metadata-only requests are remembered (MetricFamilyTypes) and answered
 * 204. A request of valid samples goes the fast way ({@link RemoteWriteTranscoder}); anything it declines, the general
 * way ({@link RemoteWriteConverter}, the sample screen), with the same result. Blocking: runs on a worker thread.
 */
@Path("/api/v1/write")
public class RemoteWriteResource {
    static final String PROTOCOL = "prometheus-remote-write";

    private final TenantAuthenticator auth;
    private final IngestMetrics metrics;
    private final MetricFamilyTypes familyTypes;
    private final long maxBodyBytes;
    private final long maxDecompressedBytes;
    private final HttpIngest http;
    private final MetricsRawWriter writer;

    public RemoteWriteResource(
            TenantAuthenticator auth,
            IngestMetrics metrics,
            MetricFamilyTypes familyTypes,
            HttpIngest http,
            MetricsRawWriter writer,
            GatewayConfig config) {
        this.auth = auth;
        this.metrics = metrics;
        this.familyTypes = familyTypes;
        this.maxBodyBytes = config.push().maxBodySize().asLongValue();
        this.maxDecompressedBytes = config.remoteWrite().maxDecompressedSize().asLongValue();
        this.http = http;
        this.writer = writer;
    }

    @POST
    @Blocking
    public Response write(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, InputStream body) {
        long receivedAtMs = System.currentTimeMillis();
        AuthenticatedTenant caller = auth.authenticate(authorization);
        http.refuseIfExhausted(caller.tenant());
        byte[] compressed = BoundedBody.read(
                body, maxBodyBytes, "pulseboard.gateway.push.max-body-size", ErrorId.REMOTE_WRITE_MALFORMED);
        byte[] decompressed = RemoteWriteDecoder.decompress(compressed, maxDecompressedBytes);
        RemoteWriteTranscoder fast = RemoteWriteTranscoder.scan(decompressed);
        WriteRequest request = fast == null ? RemoteWriteDecoder.parse(decompressed) : null;
        // This request's metadata first (the first entry of a family, as before), then what earlier requests taught.
        Map<String, MetricMetadata.MetricType> inRequest = new HashMap<>();
        for (MetricMetadata m : fast != null ? fast.metadata() : request.getMetadataList()) {
            familyTypes.remember(caller.tenant(), m);
            inRequest.putIfAbsent(m.getMetricFamilyName(), m.getType());
        }
        Function<String, MetricMetadata.MetricType> typeOf = family -> {
            MetricMetadata.MetricType type = inRequest.get(family);
            return type != null ? type : familyTypes.typeOf(caller.tenant(), family);
        };
        Limits limits = fast == null ? null : http.limitsIfReady(caller.tenant());
        RemoteWriteTranscoder.Transcoded transcoded = limits == null
                ? null
                : fast.transcode(
                        caller.tenant(),
                        limits,
                        typeOf,
                        receivedAtMs,
                        http.maxSamplesPerRequest(),
                        writer.maxEntriesPerRecord(),
                        writer.foldsWindows());
        if (transcoded != null) {
            metrics.discarded(caller.tenant(), ErrorId.STALE_MARKER_NOT_STORED.id(), transcoded.staleMarkers());
            metrics.discarded(caller.tenant(), ErrorId.EXEMPLAR_NOT_STORED.id(), transcoded.exemplars());
            http.storeEncoded(
                    caller.tenant(), PROTOCOL, limits, transcoded.records(), transcoded.samples(), receivedAtMs);
            return Response.noContent().build();
        }
        if (request == null) {
            request = RemoteWriteDecoder.parse(decompressed);
        }
        RemoteWriteConverter.Converted converted = RemoteWriteConverter.convert(request, typeOf);
        metrics.discarded(caller.tenant(), ErrorId.STALE_MARKER_NOT_STORED.id(), converted.staleMarkers());
        metrics.discarded(caller.tenant(), ErrorId.EXEMPLAR_NOT_STORED.id(), converted.exemplars());
        IngestService.Outcome outcome = http.store(
                caller.tenant(), PROTOCOL, converted.candidates(), receivedAtMs, "lower max_samples_per_send");
        if (!outcome.errors().isEmpty()) {
            throw HttpIngest.samplesRejected(outcome, converted.candidates().size());
        }
        return Response.noContent().build();
    }
}
