package dev.pulseboard.tenant.provisioning.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.provisioning.PerTenantTarget;
import dev.pulseboard.tenant.provisioning.Target;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A Grafana organisation per tenant (ADR 013), named by the tenant id, holding the tenant's datasource and the
 * reference dashboards. Organisations, not folders: Grafana OSS has no datasource permissions, so in one shared
 * organisation every viewer could query every tenant's datasource.
 *
 * <p>Each run reads before it writes and writes only what differs, so a second run sends GETs only. The datasource's
 * read key is issued only when the datasource does not already carry an active key of the tenant; it is revoked again
 * when Grafana did not take it, and the key it replaces is revoked once the new one is in place.
 */
public final class GrafanaTarget extends PerTenantTarget {
    private static final Logger LOG = Logger.getLogger(GrafanaTarget.class);
    static final String SAVE_MESSAGE = "Provisioned by Pulseboard";

    private final GrafanaClient grafana;
    private final GrafanaSettings settings;
    private final ReadKeys keys;
    private final ReadKeyLedger ledger;
    private final ReferenceDashboards dashboards;
    private final ObjectMapper json;

    public GrafanaTarget(
            GrafanaClient grafana,
            GrafanaSettings settings,
            ReadKeys keys,
            ReadKeyLedger ledger,
            ReferenceDashboards dashboards,
            ObjectMapper json) {
        this.grafana = grafana;
        this.settings = settings;
        this.keys = keys;
        this.ledger = ledger;
        this.dashboards = dashboards;
        this.json = json;
    }

    @Override
    public Target target() {
        return Target.GRAFANA;
    }

    @Override
    protected String apply(TenantId tenant) {
        long org = organisation(tenant);
        datasource(tenant, org);
        int dashboardCount = dashboards(tenant, org);
        return "organisation " + tenant.value() + " (id " + org + "), datasource " + TenantDatasource.NAME + ", "
                + dashboardCount + " dashboards";
    }

    @Override
    protected String removeTenant(TenantId tenant) {
        OptionalLong org = grafana.orgIdByName(orgName(tenant));
        if (org.isPresent()) {
            grafana.deleteOrg(org.getAsLong());
        }
        // After the organisation: the key stays valid until nothing can send it any more.
        Optional<UUID> key = ledger.readKey(tenant);
        key.ifPresent(id -> keys.revoke(tenant, id));
        return (org.isPresent() ? "organisation deleted" : "no organisation")
                + (key.isPresent() ? ", read key revoked" : "");
    }

    @Override
    protected String describe(RuntimeException failure) {
        if (failure instanceof GrafanaException) {
            return failure.getMessage();
        }
        // The key service refuses with messages meant for the tenant (for example its key limit); anything else is ours
        // to read in the log, not the tenant's.
        if (failure instanceof ProblemException problem) {
            return "no read key for the datasource: " + problem.getMessage();
        }
        return "internal error (see the tenant-service log)";
    }

    /** The organisation's name: the tenant id, which also names the tenant's Keycloak organisation. */
    static String orgName(TenantId tenant) {
        return tenant.value();
    }

    private long organisation(TenantId tenant) {
        OptionalLong existing = grafana.orgIdByName(orgName(tenant));
        long org = existing.isPresent() ? existing.getAsLong() : grafana.createOrg(orgName(tenant));
        // Grafana makes the creator an Admin of a new organisation; one made by someone else may lack us, and calls
        // with X-Grafana-Org-Id need membership (the API tutorial's "add your Admin user to the org" step).
        if (existing.isPresent() && !grafana.orgUserLogins(org).contains(settings.adminUser())) {
            grafana.addOrgUser(org, settings.adminUser(), "Admin");
        }
        return org;
    }

    private void datasource(TenantId tenant, long org) {
        String uid = TenantDatasource.uid(tenant);
        Optional<JsonNode> existing = grafana.datasource(org, uid);
        Optional<UUID> recorded = ledger.readKey(tenant);
        Optional<UUID> carried =
                existing.flatMap(datasource -> TenantDatasource.keyInPlace(datasource, tenant, settings.queryUrl()));
        if (carried.isPresent() && keys.isActive(tenant, carried.get())) {
            adopt(tenant, recorded, carried.get());
            return;
        }
        ReadKey key = keys.issue(tenant);
        ObjectNode body = TenantDatasource.desired(json, tenant, settings.queryUrl(), key);
        try {
            if (existing.isPresent()) {
                grafana.updateDatasource(org, uid, body);
            } else {
                grafana.createDatasource(org, body);
            }
        } catch (RuntimeException e) {
            revokeUnused(tenant, key.id(), e);
            throw e;
        }
        adopt(tenant, recorded, key.id());
    }

    // The datasource carries `carried`. The key recorded before it (if another) is revoked first and only then the new
    // one recorded: if the revocation fails, the next run finds the same difference and tries again.
    private void adopt(TenantId tenant, Optional<UUID> recorded, UUID carried) {
        if (recorded.isPresent() && recorded.get().equals(carried)) {
            return;
        }
        recorded.ifPresent(old -> keys.revoke(tenant, old));
        ledger.recordReadKey(tenant, carried);
    }

    private void revokeUnused(TenantId tenant, UUID id, RuntimeException cause) {
        try {
            keys.revoke(tenant, id);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            LOG.warnf(
                    "tenant %s: read key %s was issued for Grafana, not taken, and not revoked: %s",
                    tenant, id, e.getMessage());
        }
    }

    private int dashboards(TenantId tenant, long org) {
        for (ObjectNode reference : dashboards.all()) {
            ObjectNode desired =
                    ReferenceDashboards.forTenant(reference, TenantDatasource.uid(tenant), TenantDatasource.NAME);
            String uid = desired.path("uid").asText();
            Optional<JsonNode> stored = grafana.dashboard(org, uid);
            if (stored.isEmpty() || !ReferenceDashboards.sameContent(desired, stored.get())) {
                grafana.saveDashboard(org, desired, SAVE_MESSAGE);
            }
        }
        return dashboards.all().size();
    }
}
