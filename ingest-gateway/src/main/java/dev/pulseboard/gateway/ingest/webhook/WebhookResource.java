package dev.pulseboard.gateway.ingest.webhook;

import dev.pulseboard.contract.errors.ApiException;
import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.errors.ErrorKind;
import dev.pulseboard.contract.webhook.WebhookMapper;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.gateway.config.GatewayConfig;
import dev.pulseboard.gateway.ingest.BoundedBody;
import dev.pulseboard.gateway.ingest.HttpIngest;
import dev.pulseboard.gateway.ingest.IngestService;
import dev.pulseboard.gateway.ingest.validation.Candidate;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /webhooks/<rule id>}: an outside system's JSON event, turned into samples by the tenant's rule
 * (docs/ingest.md, "Webhooks"). The rule's URL and its secret are the credential: the request must carry the
 * provider's HMAC signature made with the secret ({@link WebhookSignatures}); an unknown rule is 404
 * err-pb-webhook-unknown and a bad signature 401 err-pb-webhook-signature-invalid, both before the body is parsed. Then
 * as every HTTP protocol: 429 over the tenant's rate, 200 {@code {"accepted":N,"skipped":K}} once Kafka acknowledged,
 * 400 err-pb-samples-rejected listing the samples the mapping could not make (err-pb-webhook-mapping-failed) or the
 * validator refused (the others were stored), 400 err-pb-webhook-payload-invalid when the body is not JSON. Providers
 * retry a non-2xx, so a payload the rule does not fit shows in their delivery log too. Blocking: runs on a worker thread.
 */
@Path("/webhooks/{rule}")
public class WebhookResource {
    static final String PROTOCOL = "webhook";

    private final WebhookRules rules;
    private final HttpIngest http;
    private final long maxBodyBytes;
    private final long toleranceMs;
    private final Duration retryAfter;

    public WebhookResource(WebhookRules rules, HttpIngest http, GatewayConfig config) {
        this.rules = rules;
        this.http = http;
        this.maxBodyBytes = config.push().maxBodySize().asLongValue();
        this.toleranceMs = config.webhooks().tolerance().toMillis();
        this.retryAfter = config.tenantService().retryAfter();
    }

    @POST
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    public WebhookResponse receive(@PathParam("rule") String ruleId, @Context HttpHeaders headers, InputStream body) {
        long receivedAtMs = System.currentTimeMillis();
        WebhookRules.Rule rule = rules.find(ruleId);
        if (rule == null) {
            if (!rules.ready()) {
                throw new ApiException(
                                ErrorKind.UNAVAILABLE,
                                ErrorId.TENANT_SERVICE_UNAVAILABLE,
                                "the webhook rules have not been read yet; retry")
                        .retryAfter(retryAfter);
            }
            throw new ApiException(ErrorKind.NOT_FOUND, ErrorId.WEBHOOK_UNKNOWN, "no webhook rule at this URL");
        }
        byte[] bytes = BoundedBody.read(
                body, maxBodyBytes, "pulseboard.gateway.push.max-body-size", ErrorId.WEBHOOK_PAYLOAD_INVALID);
        String refusal = WebhookSignatures.check(
                rule.scheme(), rule.secret(), headers::getHeaderString, bytes, receivedAtMs, toleranceMs);
        if (refusal != null) {
            throw new ApiException(
                    ErrorKind.UNAUTHENTICATED,
                    ErrorId.WEBHOOK_SIGNATURE_INVALID,
                    refusal + " (rule scheme: " + rule.scheme().id() + ")");
        }
        http.refuseIfExhausted(rule.tenant());
        WebhookMapper.Result mapped;
        try {
            mapped = WebhookMapper.map(rule.mapping(), new String(bytes, StandardCharsets.UTF_8), receivedAtMs);
        } catch (WebhookMapper.InvalidPayload e) {
            throw new ApiException(ErrorKind.INVALID_REQUEST, ErrorId.WEBHOOK_PAYLOAD_INVALID, e.getMessage());
        }
        List<Candidate> candidates =
                new ArrayList<>(mapped.samples().size() + mapped.errors().size());
        for (Sample s : mapped.samples()) {
            candidates.add(Candidate.of(s));
        }
        for (String error : mapped.errors()) {
            candidates.add(Candidate.refused(ErrorId.WEBHOOK_MAPPING_FAILED.id(), error));
        }
        IngestService.Outcome outcome =
                http.store(rule.tenant(), PROTOCOL, candidates, receivedAtMs, "select fewer items per payload");
        if (!outcome.errors().isEmpty()) {
            throw HttpIngest.samplesRejected(outcome, candidates.size());
        }
        return new WebhookResponse(outcome.accepted(), mapped.skipped());
    }

    /** 200 body: samples stored, and items the rule's {@code when} skipped. */
    public record WebhookResponse(int accepted, int skipped) {}
}
