package dev.pulseboard.tenant.webhooks;

import dev.pulseboard.contract.webhook.WebhookRuleWriter;
import dev.pulseboard.contract.wire.v1.WebhookRule;
import dev.pulseboard.tenant.config.TenantServiceConfig;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import dev.pulseboard.tenant.store.WebhookRuleEntity;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Tells the gateways about webhook rules through the webhook-rules topic. Each call returns once Kafka acknowledged;
 * otherwise it throws 503 err-pb-key-directory-unavailable.
 */
@ApplicationScoped
public class WebhookRulePublisher {
    private final WebhookRuleWriter writer;

    WebhookRulePublisher(TenantServiceConfig config) {
        this.writer = new WebhookRuleWriter(
                config.kafka().bootstrapServers(), config.kafka().sendTimeout());
    }

    void put(WebhookRuleEntity rule) {
        try {
            writer.put(WebhookRule.newBuilder()
                    .setTenant(rule.tenantId)
                    .setRuleId(rule.id)
                    .setName(rule.name)
                    .setScheme(rule.scheme)
                    .setSecret(rule.secret)
                    .setMappingJson(rule.mapping)
                    .build());
        } catch (IllegalStateException e) {
            throw new ProblemException(
                    TenantError.KEY_DIRECTORY_UNAVAILABLE,
                    "The gateways could not be told about the rule; nothing was saved. Retry.",
                    null,
                    e);
        }
    }

    void delete(WebhookRuleEntity rule) {
        try {
            writer.delete(rule.id);
        } catch (IllegalStateException e) {
            throw new ProblemException(
                    TenantError.KEY_DIRECTORY_UNAVAILABLE,
                    "The rule is deleted, but the gateways could not be told yet; they will be as soon as Kafka answers"
                            + " (retried every few seconds). Until then its URL may still be accepted.",
                    null,
                    e);
        }
    }

    @PreDestroy
    void close() {
        writer.close();
    }
}
