package dev.pulseboard.tenant.keys;

import dev.pulseboard.contract.feed.CompactedTopicFollower;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.KeyUsed;
import dev.pulseboard.tenant.config.TenantServiceConfig;
import dev.pulseboard.tenant.store.IngestKeyRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * A key's "last used": the gateways and the query frontend check keys without asking tenant-service (ADR 008), so
 * each reports the keys it saw, to the minute, on the compacted key-usage topic (metrics-contract's KeyUsage). This
 * follows the topic from its beginning and writes the latest use of each key to its row every
 * {@code kafka.key-usage-flush-interval}, never moving a key's time backwards (several instances report the same key;
 * a restart reads old records again). A record naming a key of another tenant than its own, or no key at all, changes
 * nothing.
 */
@ApplicationScoped
public class KeyUseLedger {
    private static final Logger LOG = Logger.getLogger(KeyUseLedger.class);

    private record Use(String tenant, UUID keyId) {}

    private final IngestKeyRepository keys;
    private final TenantServiceConfig config;
    private final Map<Use, Instant> unwritten = new ConcurrentHashMap<>();
    private CompactedTopicFollower follower;

    KeyUseLedger(IngestKeyRepository keys, TenantServiceConfig config) {
        this.keys = keys;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        follower = CompactedTopicFollower.start(
                config.kafka().bootstrapServers(), config.kafka().keyUsageTopic(), "tenant-key-usage", this::apply);
    }

    @PreDestroy
    void stop() throws InterruptedException {
        if (follower != null) {
            follower.close();
        }
    }

    private void apply(byte[] key, byte[] value) {
        if (value == null) {
            return;
        }
        WireCodec.Decoded<KeyUsed> decoded = WireCodec.decode(value, KeyUsed.parser());
        if (!decoded.isOk()) {
            LOG.warnf("key-usage record skipped: %s", decoded.error().id());
            return;
        }
        KeyUsed used = decoded.message();
        UUID id;
        try {
            id = UUID.fromString(used.getKeyId());
        } catch (IllegalArgumentException e) {
            return; // not a key this service issued
        }
        unwritten.merge(
                new Use(used.getTenant(), id),
                Instant.ofEpochMilli(used.getLastUsedMs()),
                (a, b) -> a.isAfter(b) ? a : b);
    }

    @Scheduled(
            every = "${pulseboard.tenant.kafka.key-usage-flush-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void flush() {
        List<Use> uses = List.copyOf(unwritten.keySet());
        if (uses.isEmpty()) {
            return;
        }
        for (Use use : uses) {
            Instant at = unwritten.remove(use);
            if (at == null) {
                continue;
            }
            try {
                QuarkusTransaction.requiringNew().run(() -> keys.recordUse(use.tenant(), use.keyId(), at));
            } catch (RuntimeException e) {
                unwritten.merge(use, at, (a, b) -> a.isAfter(b) ? a : b);
                LOG.warnf("last use of key %s not written yet (retrying): %s", use.keyId(), e.getMessage());
                return;
            }
        }
    }
}
