package dev.pulseboard.tenant.dashboards;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.config.TenantServiceConfig;
import dev.pulseboard.tenant.dashboards.DashboardParser.DashboardBody;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import dev.pulseboard.tenant.store.DashboardEntity;
import dev.pulseboard.tenant.store.DashboardRepository;
import dev.pulseboard.tenant.store.TenantEntity;
import dev.pulseboard.tenant.store.TenantRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * A tenant's saved Grafana dashboards. Every lookup is scoped to the caller's tenant: another tenant's uid is 404, and
 * the same uid in two tenants is two dashboards. Changes take turns: a create locks the tenant's row (so the count
 * limit and the uid's uniqueness hold under concurrent creates), a change locks the dashboard's row (so two changes
 * made to the same version cannot both win).
 */
@ApplicationScoped
public class DashboardService {
    static final String MAX_BODY_PROPERTY = "pulseboard.tenant.dashboards.max-body-size";
    static final String MAX_COUNT_PROPERTY = "pulseboard.tenant.dashboards.max-per-tenant";
    /** Length of a generated uid: 12 of 62 characters, about 71 random bits. */
    static final int GENERATED_UID_LENGTH = 12;

    private static final String UID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DashboardRepository dashboards;
    private final TenantRepository tenants;
    private final long maxBodyBytes;
    private final int maxPerTenant;

    /** A stored dashboard: its uid and its model as stored (compact JSON). */
    public record Stored(String uid, String model) {}

    DashboardService(DashboardRepository dashboards, TenantRepository tenants, TenantServiceConfig config) {
        this.dashboards = dashboards;
        this.tenants = tenants;
        this.maxBodyBytes = config.dashboards().maxBodySize().asLongValue();
        this.maxPerTenant = config.dashboards().maxPerTenant();
    }

    @Transactional
    public List<DashboardSummary> list(TenantId tenant) {
        return dashboards.summaries(tenant.value()).stream()
                .map(s -> new DashboardSummary(
                        s.uid(), s.title(), DashboardParser.tags(s.tagsJson()), s.version(), s.updatedAt()))
                .toList();
    }

    /** The model as stored. */
    @Transactional
    public String get(TenantId tenant, String uid) {
        return dashboards.findForTenant(tenant.value(), uid).orElseThrow(() -> notFound(uid)).model;
    }

    /**
     * Imports {@code body}: a new dashboard at version 1, or, with {@code overwrite} and a uid the tenant already has,
     * that dashboard replaced at its version + 1 (whatever version the body names).
     */
    @Transactional
    public Stored create(TenantId tenant, String body, boolean overwrite) {
        DashboardBody parsed = DashboardParser.parse(body, maxBodyBytes, MAX_BODY_PROPERTY);
        lockActiveTenant(tenant);
        String uid = parsed.uid() == null ? freeUid(tenant) : parsed.uid();
        Optional<DashboardEntity> existing = dashboards.lockForTenant(tenant.value(), uid);
        if (existing.isPresent()) {
            if (!overwrite && !parsed.overwrite()) {
                throw new ProblemException(
                        TenantError.DASHBOARD_EXISTS,
                        "Your organization already has a dashboard with uid " + uid + ". Import it with"
                                + " ?overwrite=true to replace it, or remove its \"uid\" to import a copy.");
            }
            DashboardEntity dashboard = existing.get();
            write(dashboard, parsed, dashboard.version + 1);
            return new Stored(uid, dashboard.model);
        }
        if (dashboards.countForTenant(tenant.value()) >= maxPerTenant) {
            throw new ProblemException(
                    TenantError.DASHBOARD_LIMIT,
                    "Your organization already has " + maxPerTenant + " dashboards, the most it may keep ("
                            + MAX_COUNT_PROPERTY + "). Delete one, or ask the operator to raise the limit.");
        }
        DashboardEntity dashboard = new DashboardEntity();
        dashboard.tenantId = tenant.value();
        dashboard.uid = uid;
        dashboard.createdAt = now();
        write(dashboard, parsed, 1);
        dashboards.persist(dashboard);
        return new Stored(uid, dashboard.model);
    }

    /**
     * Replaces the dashboard {@code uid} with {@code body} at its version + 1. A numeric "version" in the body must be
     * the stored one (it is the version the editor loaded); without one the change wins whatever happened meanwhile.
     */
    @Transactional
    public String update(TenantId tenant, String uid, String body) {
        DashboardBody parsed = DashboardParser.parse(body, maxBodyBytes, MAX_BODY_PROPERTY);
        if (parsed.uid() != null && !parsed.uid().equals(uid)) {
            throw ProblemException.invalidField(
                    TenantError.DASHBOARD_INVALID,
                    "uid",
                    "uid " + parsed.uid() + " in the body is not the uid in the path, " + shortened(uid)
                            + " (a dashboard's uid cannot change; import it under the new uid instead)");
        }
        DashboardEntity dashboard =
                dashboards.lockForTenant(tenant.value(), uid).orElseThrow(() -> notFound(uid));
        if (parsed.version() != null && parsed.version().compareTo(BigDecimal.valueOf(dashboard.version)) != 0) {
            throw new ProblemException(
                    TenantError.DASHBOARD_VERSION_CONFLICT,
                    "Dashboard " + uid + " was changed by someone else: it is at version " + dashboard.version
                            + ", your change was made to version "
                            + parsed.version().toPlainString()
                            + ". Reload it and make your change again.");
        }
        write(dashboard, parsed, dashboard.version + 1);
        return dashboard.model;
    }

    @Transactional
    public void delete(TenantId tenant, String uid) {
        if (!dashboards.deleteForTenant(tenant.value(), uid)) {
            throw notFound(uid);
        }
    }

    private static void write(DashboardEntity dashboard, DashboardBody body, int version) {
        ObjectNode model = body.model();
        model.put("uid", dashboard.uid);
        model.put("version", version);
        dashboard.title = body.title();
        dashboard.version = version;
        dashboard.model = DashboardParser.compact(model);
        dashboard.updatedAt = now();
    }

    /** Locks the tenant's row until the transaction ends; 403 err-pb-no-organization unless it is an active tenant. */
    private void lockActiveTenant(TenantId tenant) {
        TenantEntity row = tenants.findById(tenant.value(), LockModeType.PESSIMISTIC_WRITE);
        if (row == null || row.status != TenantEntity.Status.ACTIVE) {
            throw new ProblemException(
                    TenantError.NO_ORGANIZATION,
                    "Your organization '" + tenant + "' is not an active Pulseboard tenant.");
        }
    }

    /** A random uid the tenant does not use yet. */
    private String freeUid(TenantId tenant) {
        while (true) {
            StringBuilder uid = new StringBuilder(GENERATED_UID_LENGTH);
            for (int i = 0; i < GENERATED_UID_LENGTH; i++) {
                uid.append(UID_ALPHABET.charAt(RANDOM.nextInt(UID_ALPHABET.length())));
            }
            if (dashboards.findForTenant(tenant.value(), uid.toString()).isEmpty()) {
                return uid.toString();
            }
        }
    }

    private static ProblemException notFound(String uid) {
        return new ProblemException(
                TenantError.DASHBOARD_NOT_FOUND, "No dashboard " + shortened(uid) + " in your organization.");
    }

    private static String shortened(String uid) {
        return uid.length() > 40 ? uid.substring(0, 40) : uid;
    }

    // PostgreSQL keeps microseconds; truncating here makes the value we return equal the value we store.
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
