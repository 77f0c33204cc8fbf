package dev.pulseboard.gateway.ingest.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.pulseboard.contract.errors.ApiException;
import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.errors.ErrorKind;
import dev.pulseboard.contract.keys.AuthenticatedTenant;
import dev.pulseboard.contract.keys.TenantAuthenticator;
import dev.pulseboard.contract.limits.TenantLimits;
import dev.pulseboard.gateway.config.GatewayConfig;
import dev.pulseboard.gateway.ingest.BoundedBody;
import dev.pulseboard.gateway.ingest.HttpIngest;
import dev.pulseboard.gateway.ingest.IngestMetrics;
import dev.pulseboard.gateway.ingest.IngestService;
import dev.pulseboard.gateway.ingest.validation.SampleError;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * {@code POST /v1/metrics}: OTLP/HTTP metrics, binary protobuf ({@code application/x-protobuf}) or JSON
 * ({@code application/json}), optionally gzip-compressed, authenticated by the key as bearer token (or basic-auth
 * password). As the OTLP specification asks: 200 with an {@code ExportMetricsServiceResponse} in the request's
 * encoding once Kafka acknowledged every stored point; points refused individually are reported in its
 * {@code partial_success} (count and the first refusal with its error id), still with 200, and are not retried; an
 * undecodable body is 400 (err-pb-otlp-malformed); 429 and 503 carry Retry-After. Blocking: runs on a worker thread.
 */
@Path("/v1/metrics")
public class OtlpResource {
    static final String PROTOCOL = "otlp-http";
    private static final JsonFormat.Printer JSON_OUT = JsonFormat.printer().omittingInsignificantWhitespace();

    private final TenantAuthenticator auth;
    private final IngestMetrics metrics;
    private final TenantLimits limits;
    private final HttpIngest http;
    private final long maxBodyBytes;
    private final long maxDecompressedBytes;

    public OtlpResource(
            TenantAuthenticator auth,
            IngestMetrics metrics,
            TenantLimits limits,
            HttpIngest http,
            GatewayConfig config) {
        this.auth = auth;
        this.metrics = metrics;
        this.limits = limits;
        this.http = http;
        this.maxBodyBytes = config.push().maxBodySize().asLongValue();
        this.maxDecompressedBytes = config.remoteWrite().maxDecompressedSize().asLongValue();
    }

    @POST
    @Blocking
    public Response export(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding,
            InputStream body) {
        long receivedAtMs = System.currentTimeMillis();
        AuthenticatedTenant caller = auth.authenticate(authorization);
        http.refuseIfExhausted(caller.tenant());
        boolean json = contentType != null
                && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
        byte[] bytes =
                BoundedBody.read(body, maxBodyBytes, "pulseboard.gateway.push.max-body-size", ErrorId.OTLP_MALFORMED);
        if (contentEncoding != null && contentEncoding.equalsIgnoreCase("gzip")) {
            bytes = gunzip(bytes);
        }
        ExportMetricsServiceRequest request = OtlpDecoder.decode(bytes, json);
        OtlpConverter.Converted converted =
                OtlpConverter.convert(request, limits.limitsFor(caller.tenant()).histogramBuckets(), receivedAtMs);
        metrics.discarded(caller.tenant(), ErrorId.STALE_MARKER_NOT_STORED.id(), converted.noValuePoints());
        metrics.discarded(caller.tenant(), ErrorId.EXEMPLAR_NOT_STORED.id(), converted.exemplars());
        IngestService.Outcome outcome = http.store(
                caller.tenant(), PROTOCOL, converted.candidates(), receivedAtMs, "export in smaller batches");
        ExportMetricsServiceResponse.Builder response = ExportMetricsServiceResponse.newBuilder();
        if (!outcome.errors().isEmpty()) {
            SampleError first = outcome.errors().get(0);
            response.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
                    .setRejectedDataPoints(outcome.errors().size())
                    .setErrorMessage(outcome.errors().size() + " of "
                            + converted.candidates().size()
                            + " samples refused, first: " + first.id() + ": " + first.message()
                            + " (docs/errors.md)"));
        }
        return reply(response.build(), json);
    }

    private byte[] gunzip(byte[] compressed) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return BoundedBody.read(
                    in,
                    maxDecompressedBytes,
                    "pulseboard.gateway.remote-write.max-decompressed-size",
                    ErrorId.OTLP_MALFORMED);
        } catch (IOException e) {
            throw new ApiException(ErrorKind.INVALID_REQUEST, ErrorId.OTLP_MALFORMED, "the body is not valid gzip");
        }
    }

    private static Response reply(ExportMetricsServiceResponse response, boolean json) {
        if (json) {
            try {
                return Response.ok(JSON_OUT.print(response), "application/json").build();
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("printing an OTLP response", e);
            }
        }
        return Response.ok(response.toByteArray(), "application/x-protobuf").build();
    }
}
