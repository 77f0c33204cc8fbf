package dev.pulseboard.gateway.ingest.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.pulseboard.contract.errors.ApiException;
import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.errors.ErrorKind;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.nio.charset.StandardCharsets;

/** Pure decoding of an OTLP/HTTP metrics body, binary protobuf or OTLP/JSON; any failure is 400 err-pb-otlp-malformed. */
public final class OtlpDecoder {
    private static final JsonFormat.Parser JSON = JsonFormat.parser().ignoringUnknownFields();

    private OtlpDecoder() {}

    public static ExportMetricsServiceRequest decode(byte[] bytes, boolean json) {
        try {
            if (json) {
                ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();
                JSON.merge(new String(bytes, StandardCharsets.UTF_8), b);
                return b.build();
            }
            return ExportMetricsServiceRequest.parseFrom(bytes);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            // JsonFormat also throws unchecked exceptions (e.g. on deeply nested or odd numbers): all are bad input
            throw new ApiException(
                    ErrorKind.INVALID_REQUEST,
                    ErrorId.OTLP_MALFORMED,
                    "the body is not an OTLP ExportMetricsServiceRequest in "
                            + (json ? "JSON" : "binary protobuf (application/x-protobuf)"));
        }
    }
}
