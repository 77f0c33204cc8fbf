package dev.pulseboard.tenant.signup;

import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.identity.KeycloakDirectory;
import dev.pulseboard.tenant.identity.TenantRoles;
import dev.pulseboard.tenant.store.TenantEntity;
import dev.pulseboard.tenant.store.TenantRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Cleans up sign-ups that died half-way (the process was killed between reserving the tenant id and activating it):
 * every minute, each PROVISIONING row older than {@code pulseboard.tenant.signup.abandoned-after} (10 minutes; a
 * sign-up takes seconds) loses its Keycloak user, organization and role groups, and then the row itself, so the tenant id and the
 * e-mail can be signed up again. A row whose Keycloak objects cannot be removed yet (Keycloak down) is kept for the
 * next round.
 */
@ApplicationScoped
public class AbandonedSignups {
    private static final Logger LOG = Logger.getLogger(AbandonedSignups.class);

    private final TenantRepository tenants;
    private final KeycloakDirectory directory;
    private final TenantRoles roles;
    private final Duration abandonedAfter;

    AbandonedSignups(
            TenantRepository tenants,
            KeycloakDirectory directory,
            TenantRoles roles,
            @ConfigProperty(name = "pulseboard.tenant.signup.abandoned-after", defaultValue = "10m")
                    Duration abandonedAfter) {
        this.tenants = tenants;
        this.directory = directory;
        this.roles = roles;
        this.abandonedAfter = abandonedAfter;
    }

    @Scheduled(every = "60s", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        int removed = sweep(Instant.now().minus(abandonedAfter));
        if (removed > 0) {
            LOG.infof("removed %d sign-up(s) that died half-way", removed);
        }
    }

    /** Removes every sign-up still PROVISIONING that began before {@code before}; returns how many. */
    public int sweep(Instant before) {
        List<TenantEntity> stale = QuarkusTransaction.requiringNew().call(() -> tenants.provisioningSince(before));
        int removed = 0;
        for (TenantEntity row : stale) {
            try {
                int objects = directory.removeAbandonedSignup(new TenantId(row.id), row.adminEmail);
                roles.deleteGroupsQuietly(new TenantId(row.id));
                if (QuarkusTransaction.requiringNew().call(() -> tenants.deleteIfProvisioning(row.id))) {
                    LOG.warnf("sign-up of tenant %s died half-way; removed it (%d Keycloak objects)", row.id, objects);
                    removed++;
                }
            } catch (RuntimeException e) {
                LOG.warnf("sign-up of tenant %s died half-way; not removed yet: %s", row.id, e.getMessage());
            }
        }
        return removed;
    }
}
