package dev.pulseboard.tenant.keys;

import dev.pulseboard.tenant.config.TenantServiceConfig;
import dev.pulseboard.tenant.limits.LimitsService;
import dev.pulseboard.tenant.webhooks.WebhookRuleService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The outbox of the topics gateways learn the control plane's state from (ingest-keys, webhook-rules, tenant-limits): every
 * {@code kafka.republish-interval} (and right after startup) it writes what Kafka has not acknowledged: key revocations
 * and rule deletions recorded while Kafka was away, and keys from before the topic existed. The database is the truth;
 * the topics converge to it.
 */
@ApplicationScoped
public class ControlTopicOutbox {
    private static final Logger LOG = Logger.getLogger(ControlTopicOutbox.class);

    private final IngestKeyService keys;
    private final WebhookRuleService webhooks;
    private final LimitsService limits;
    private final long intervalMs;
    private ScheduledExecutorService timer;

    ControlTopicOutbox(
            IngestKeyService keys, WebhookRuleService webhooks, LimitsService limits, TenantServiceConfig config) {
        this.keys = keys;
        this.webhooks = webhooks;
        this.limits = limits;
        this.intervalMs = config.kafka().republishInterval().toMillis();
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "control-topic-outbox");
            t.setDaemon(true);
            return t;
        });
        var unused = timer.scheduleWithFixedDelay(this::drain, 0, intervalMs, TimeUnit.MILLISECONDS);
    }

    void drain() {
        try {
            int published = keys.publishPending();
            if (published > 0) {
                LOG.infof("wrote %d pending key grant(s)/revocation(s) to the gateways", published);
            }
            published = webhooks.publishPending();
            if (published > 0) {
                LOG.infof("wrote %d pending webhook rule(s)/deletion(s) to the gateways", published);
            }
            published = limits.publishPending();
            if (published > 0) {
                LOG.infof("wrote %d tenant's pending limits to the gateways and the pipeline", published);
            }
        } catch (RuntimeException e) {
            LOG.warnf("pending control records not written yet (retrying in %d ms): %s", intervalMs, e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
