package dev.pulseboard.gateway.ingest.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulseboard.contract.errors.ApiException;
import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.errors.ErrorKind;
import dev.pulseboard.gateway.config.GatewayConfig;
import dev.pulseboard.gateway.ingest.BoundedBody;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads and decodes a push body with the configured limits: at most {@code push.max-body-size} bytes (413
 * err-pb-request-too-large, checked while reading, so a huge body is never buffered whole) and at most
 * {@code push.max-samples-per-request} samples (400 err-pb-too-many-samples); anything that is not the documented
 * document is 400 err-pb-invalid-json. Parser messages are not echoed: they can quote client bytes.
 */
@ApplicationScoped
public class PushBodyReader {
    private final ObjectMapper json;
    private final long maxBytes;
    private final int maxSamples;

    public PushBodyReader(ObjectMapper json, GatewayConfig config) {
        this.json = json;
        this.maxBytes = config.push().maxBodySize().asLongValue();
        this.maxSamples = config.push().maxSamplesPerRequest();
    }

    public PushRequest read(InputStream body) {
        byte[] bytes = readBounded(body);
        PushRequest request;
        try {
            request = json.readValue(bytes, PushRequest.class);
        } catch (IOException e) {
            throw invalidJson("the body is not valid JSON of the form {\"samples\":[...]}");
        }
        if (request == null || request.samples() == null) {
            throw invalidJson("the body has no \"samples\" array");
        }
        if (request.samples().size() > maxSamples) {
            throw new ApiException(
                    ErrorKind.INVALID_REQUEST,
                    ErrorId.TOO_MANY_SAMPLES,
                    "the request has "
                            + request.samples().size() + " samples, over the limit of " + maxSamples
                            + " (pulseboard.gateway.push.max-samples-per-request); split it");
        }
        return request;
    }

    private byte[] readBounded(InputStream body) {
        return BoundedBody.read(body, maxBytes, "pulseboard.gateway.push.max-body-size", ErrorId.INVALID_JSON);
    }

    private static ApiException invalidJson(String message) {
        return new ApiException(ErrorKind.INVALID_REQUEST, ErrorId.INVALID_JSON, message);
    }
}
