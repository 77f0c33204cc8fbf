package dev.pulseboard.contract.webhook;

import dev.pulseboard.contract.feed.CompactedTopicWriter;
import dev.pulseboard.contract.wire.Topics;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.WebhookRule;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The control plane's side of the webhook-rules topic: {@link #put} when a rule is created or changed, {@link #delete}
 * when it is deleted, each returning only once Kafka acknowledged (throws IllegalStateException otherwise), so a rule's
 * URL is handed out only once every gateway can learn it. Keyed by the rule id.
 */
public final class WebhookRuleWriter implements AutoCloseable {
    private final CompactedTopicWriter writer;

    public WebhookRuleWriter(String bootstrapServers, Duration sendTimeout) {
        this.writer = new CompactedTopicWriter(bootstrapServers, Topics.WEBHOOK_RULES, "webhook-rules", sendTimeout);
    }

    public void put(WebhookRule rule) {
        writer.put(rule.getRuleId().getBytes(StandardCharsets.UTF_8), WireCodec.encode(rule));
    }

    public void delete(String ruleId) {
        writer.put(ruleId.getBytes(StandardCharsets.UTF_8), null);
    }

    @Override
    public void close() {
        writer.close();
    }
}
