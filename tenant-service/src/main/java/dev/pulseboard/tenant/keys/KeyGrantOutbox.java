package dev.pulseboard.tenant.keys;

import dev.pulseboard.tenant.config.TenantServiceConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The outbox of the ingest-keys topic: every {@code kafka.republish-interval} (and right after startup) it writes
 * the grants and revocations Kafka has not acknowledged: revocations recorded while Kafka was away, and keys from
 * before the topic existed. The database is the truth; the topic converges to it.
 */
@ApplicationScoped
public class KeyGrantOutbox {
    private static final Logger LOG = Logger.getLogger(KeyGrantOutbox.class);

    private final IngestKeyService keys;
    private final long intervalMs;
    private ScheduledExecutorService timer;

    KeyGrantOutbox(IngestKeyService keys, TenantServiceConfig config) {
        this.keys = keys;
        this.intervalMs = config.kafka().republishInterval().toMillis();
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "key-grant-outbox");
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
        } catch (RuntimeException e) {
            LOG.warnf("pending key grants not written yet (retrying in %d ms): %s", intervalMs, e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
