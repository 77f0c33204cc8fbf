package dev.pulseboard.gateway.ingest.webhook;

import dev.pulseboard.contract.feed.CompactedTopicFollower;
import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.contract.webhook.WebhookMapping;
import dev.pulseboard.contract.webhook.WebhookScheme;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.WebhookRule;
import dev.pulseboard.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Every webhook rule, by id, held in memory with its mapping parsed once, kept current from the compacted
 * webhook-rules topic that tenant-service writes (as {@code KeyDirectory} follows ingest-keys, ADR 008). A rule that
 * cannot be read (bad frame, tenant, scheme or mapping) is dropped: it authorises nothing. Until every rule that existed
 * at startup is read, {@link #ready()} is false and webhooks answer 503.
 */
@Singleton
@Startup
public class WebhookRules {
    private static final Logger LOG = Logger.getLogger(WebhookRules.class);

    /** A usable rule. */
    public record Rule(String tenant, String id, WebhookScheme scheme, byte[] secret, WebhookMapping mapping) {}

    private final Map<String, Rule> byId = new ConcurrentHashMap<>();
    private final CompactedTopicFollower follower;

    public WebhookRules(GatewayConfig config, MeterRegistry registry) throws InterruptedException {
        GatewayConfig.Webhooks webhooks = config.webhooks();
        this.follower = CompactedTopicFollower.start(
                config.kafka().bootstrapServers(), webhooks.topic(), "webhook-rules", this::apply);
        Gauge.builder("pulseboard.ingest.webhook.rules", byId, Map::size)
                .description("Webhook rules known to this gateway (from the webhook-rules topic)")
                .register(registry);
        if (!follower.awaitCaughtUp(webhooks.startupTimeout())) {
            LOG.warnf(
                    "webhook rules not read from %s within %s; webhooks answer 503 until they are",
                    webhooks.topic(), webhooks.startupTimeout());
        }
    }

    /** The rule with this id, or null. */
    public Rule find(String id) {
        return byId.get(id);
    }

    public boolean ready() {
        return follower.caughtUp();
    }

    private void apply(byte[] key, byte[] value) {
        String id = new String(key, StandardCharsets.UTF_8);
        if (value == null) {
            byId.remove(id);
            return;
        }
        WireCodec.Decoded<WebhookRule> decoded = WireCodec.decode(value, WebhookRule.parser());
        try {
            if (!decoded.isOk()) {
                throw new IllegalArgumentException(decoded.error().id());
            }
            WebhookRule r = decoded.message();
            WebhookScheme scheme = WebhookScheme.byId(r.getScheme());
            if (!TenantId.isValid(r.getTenant())
                    || scheme == null
                    || r.getSecret().isEmpty()) {
                throw new IllegalArgumentException("invalid tenant, scheme or secret");
            }
            byId.put(
                    id,
                    new Rule(
                            r.getTenant(),
                            id,
                            scheme,
                            r.getSecret().getBytes(StandardCharsets.UTF_8),
                            WebhookMapping.parse(r.getMappingJson())));
        } catch (RuntimeException e) {
            byId.remove(id); // fail closed
            LOG.warnf("webhook-rules record %s skipped (%s); the rule is not served", id, e.getMessage());
        }
    }

    @PreDestroy
    void close() throws InterruptedException {
        follower.close();
    }
}
