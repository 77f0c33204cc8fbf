package dev.pulseboard.tenant.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The request and response bodies of /api/webhooks. */
public final class WebhookViews {
    private WebhookViews() {}

    /** Create (every field but {@code secret}) or change (name and mapping) a rule. No secret: one is generated. */
    public record RuleRequest(String name, String scheme, String secret, JsonNode mapping) {}

    /** A rule as listed: never its secret. */
    public record RuleView(
            String id,
            String name,
            String scheme,
            String url,
            JsonNode mapping,
            Instant createdAt,
            Instant updatedAt) {}

    /** 201 of a create: the only answer that shows the secret. */
    public record CreatedRule(RuleView rule, String secret) {}

    /** One sample a test payload would become, with the refusal the gateway would give it, if any. */
    public record TestSample(
            String name, String type, Map<String, String> labels, double value, long timestampMs, String error) {}

    /** What a payload would become: samples (stored or refused), samples the mapping could not make, items skipped. */
    public record TestResult(List<TestSample> samples, List<String> errors, int skipped) {}
}
