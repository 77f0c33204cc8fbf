package dev.pulseboard.tenant.signup;

import dev.pulseboard.contract.keys.KeyScope;
import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import dev.pulseboard.tenant.keys.IngestKeyService;
import dev.pulseboard.tenant.keys.IssuedKey;
import dev.pulseboard.tenant.store.TenantEntity;
import dev.pulseboard.tenant.store.TenantRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;

/**
 * The database side of sign-up, one short transaction per step so that no transaction stays open while Keycloak
 * is called: reserve the tenant id (PROVISIONING row; the primary key makes concurrent sign-ups for one id
 * conflict), activate it together with its first key, or remove the reservation when provisioning failed.
 */
@ApplicationScoped
public class TenantRows {
    private final TenantRepository tenants;
    private final IngestKeyService keys;

    TenantRows(TenantRepository tenants, IngestKeyService keys) {
        this.tenants = tenants;
        this.keys = keys;
    }

    @Transactional
    public void reserve(TenantId tenant, String displayName, String adminEmail) {
        if (tenants.findByIdOptional(tenant.value()).isPresent()) {
            throw taken(tenant);
        }
        TenantEntity row = new TenantEntity();
        row.id = tenant.value();
        row.displayName = displayName;
        row.adminEmail = adminEmail;
        row.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        row.status = TenantEntity.Status.PROVISIONING;
        try {
            tenants.persistAndFlush(row);
        } catch (PersistenceException e) {
            // A concurrent sign-up inserted the same id between our check and our insert.
            throw new ProblemException(TenantError.TENANT_EXISTS, taken(tenant).getMessage(), "tenant", e);
        }
    }

    @Transactional
    public IssuedKey activateWithFirstKey(TenantId tenant) {
        TenantEntity row = tenants.findById(tenant.value());
        row.status = TenantEntity.Status.ACTIVE;
        return keys.issue(tenant, EnumSet.allOf(KeyScope.class)); // the first key sends and reads
    }

    @Transactional
    public void remove(TenantId tenant) {
        tenants.deleteById(tenant.value());
    }

    private static ProblemException taken(TenantId tenant) {
        return ProblemException.invalidField(
                TenantError.TENANT_EXISTS,
                "tenant",
                "Tenant id '" + tenant + "' is already taken; choose another tenant id.");
    }
}
