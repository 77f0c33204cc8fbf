package dev.pulseboard.tenant.organizations;

import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.audit.AuditLog;
import dev.pulseboard.tenant.config.TenantServiceConfig;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import dev.pulseboard.tenant.identity.TenantRoles;
import dev.pulseboard.tenant.keys.IngestKeyService;
import dev.pulseboard.tenant.keys.KeyView;
import dev.pulseboard.tenant.limits.LimitsService;
import dev.pulseboard.tenant.provisioning.ProvisioningJob;
import dev.pulseboard.tenant.session.CurrentUser.Actor;
import dev.pulseboard.tenant.store.IngestKeyRepository;
import dev.pulseboard.tenant.store.InvitationRepository;
import dev.pulseboard.tenant.store.TenantEntity;
import dev.pulseboard.tenant.store.TenantRepository;
import dev.pulseboard.tenant.store.WebhookRuleRepository;
import dev.pulseboard.tenant.webhooks.WebhookRuleService;
import dev.pulseboard.tenant.webhooks.WebhookViews.RuleView;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Deleting an organisation, in two steps. At once ({@link #start}): the row becomes DELETING (no member can act on
 * it any more), every key is revoked and every webhook rule deleted at the gateways, its limits record says deleted
 * (the pipeline forgets its series and writes nothing more of it), its
 * Keycloak organization and role groups are deleted, pending invitations are revoked, and Grafana and Thanos are
 * deprovisioned. After {@code pulseboard.tenant.deletion.grace} ({@link #purgeDue}, every
 * {@code deletion.purge-interval}): its series are deleted from the store and the row goes with everything that
 * references it. A step that fails (Kafka, Keycloak or the store away) is retried by the purge until it succeeds; the
 * row is deleted last, so nothing is forgotten half-way.
 */
@ApplicationScoped
public class OrganizationDeletion {
    private static final Logger LOG = Logger.getLogger(OrganizationDeletion.class);

    /** What the owner is told: the tenant is DELETING and its data goes after {@code dataDeletedAfter}. */
    public record Deleting(String tenant, String status, Instant dataDeletedAfter) {}

    private final TenantRepository tenants;
    private final IngestKeyService keys;
    private final IngestKeyRepository keyRows;
    private final WebhookRuleService webhooks;
    private final WebhookRuleRepository webhookRows;
    private final InvitationRepository invitations;
    private final LimitsService limits;
    private final TenantRoles roles;
    private final ProvisioningJob provisioning;
    private final StoreDeletion store;
    private final AuditLog audit;
    private final Duration grace;
    private final Duration quietPeriod;

    OrganizationDeletion(
            TenantRepository tenants,
            IngestKeyService keys,
            IngestKeyRepository keyRows,
            WebhookRuleService webhooks,
            WebhookRuleRepository webhookRows,
            InvitationRepository invitations,
            LimitsService limits,
            TenantRoles roles,
            ProvisioningJob provisioning,
            StoreDeletion store,
            AuditLog audit,
            TenantServiceConfig config) {
        this.tenants = tenants;
        this.keys = keys;
        this.keyRows = keyRows;
        this.webhooks = webhooks;
        this.webhookRows = webhookRows;
        this.invitations = invitations;
        this.limits = limits;
        this.roles = roles;
        this.provisioning = provisioning;
        this.store = store;
        this.audit = audit;
        this.grace = config.deletion().grace();
        this.quietPeriod = config.deletion().quietPeriod();
    }

    /** The owner's request; {@code confirm} must repeat the tenant id (400 err-pb-deletion-unconfirmed otherwise). */
    public Deleting start(TenantId tenant, Actor actor, String confirm) {
        if (!tenant.value().equals(confirm)) {
            throw ProblemException.invalidField(
                    TenantError.DELETION_UNCONFIRMED,
                    "confirm",
                    "To delete the organization, send confirm=" + tenant + " (its tenant id).");
        }
        Instant since = QuarkusTransaction.requiringNew().call(() -> {
            TenantEntity row = tenants.findById(tenant.value());
            row.status = TenantEntity.Status.DELETING;
            row.deletingSince = Instant.now().truncatedTo(ChronoUnit.MICROS);
            return row.deletingSince;
        });
        audit.record(tenant, actor, AuditLog.Action.TENANT_DELETING, tenant.value(), "data deleted after " + grace);
        LOG.infof("organization %s is being deleted by %s; its data goes after %s", tenant, actor.email(), grace);
        try {
            takeAway(tenant);
        } catch (RuntimeException e) {
            // DELETING already: no member acts on it any more; the purge finishes what failed here.
            LOG.warnf("deleting %s: not everything is taken away yet (%s); the purge retries", tenant, e.getMessage());
        }
        return new Deleting(tenant.value(), TenantEntity.Status.DELETING.name(), since.plus(grace));
    }

    /** Everything the tenant can use, taken away; idempotent. */
    void takeAway(TenantId tenant) {
        QuarkusTransaction.requiringNew()
                .run(() -> invitations
                        .pendingForTenant(tenant.value(), Instant.now())
                        .forEach(i -> i.revokedAt = Instant.now().truncatedTo(ChronoUnit.MICROS)));
        for (KeyView key : keys.list(tenant)) {
            if (key.revokedAt() == null) {
                keys.revoke(tenant, key.id());
            }
            keys.confirmRevocation(tenant, key.id());
        }
        for (RuleView rule : webhooks.list(tenant)) {
            webhooks.delete(tenant, rule.id());
            webhooks.confirmDeletion(tenant, rule.id());
        }
        limits.markDeleted(tenant);
        roles.removeOrganization(tenant);
        provisioning.deprovision(tenant);
    }

    @Scheduled(
            every = "${pulseboard.tenant.deletion.purge-interval:10s}",
            delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeDue() {
        // Never before the pipeline has stopped writing the tenant (it forgets it within a poll of the limits topic).
        Duration wait = grace.compareTo(quietPeriod) > 0 ? grace : quietPeriod;
        List<TenantEntity> due = QuarkusTransaction.requiringNew()
                .call(() -> tenants.deletingSince(Instant.now().minus(wait)));
        for (TenantEntity row : due) {
            try {
                purge(new TenantId(row.id));
            } catch (RuntimeException e) {
                LOG.warnf("organization %s not purged yet (retrying): %s", row.id, e.getMessage());
            }
        }
    }

    /** The tenant's data out of the store, then its row (and with it every row of it); only once nothing is pending. */
    public void purge(TenantId tenant) {
        takeAway(tenant);
        boolean pending = QuarkusTransaction.requiringNew()
                .call(() -> keyRows.anyNotRevokedEverywhere(tenant.value())
                        || webhookRows.anyNotDeletedEverywhere(tenant.value()));
        if (pending) {
            throw new IllegalStateException("revocations not yet acknowledged by Kafka");
        }
        store.deleteSeriesOf(tenant);
        limits.forget(tenant);
        QuarkusTransaction.requiringNew().run(() -> tenants.deleteById(tenant.value()));
        LOG.infof("organization %s purged: its data, keys, dashboards, rules, audit log and row are gone", tenant);
    }
}
