package dev.pulseboard.tenant.session;

import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import dev.pulseboard.tenant.identity.Role;
import dev.pulseboard.tenant.identity.TenantRoles;
import dev.pulseboard.tenant.store.TenantEntity;
import dev.pulseboard.tenant.store.TenantRepository;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The authenticated caller of /api/*, from either the code-flow session (ID token) or a bearer access token, and the
 * organisation the request acts on (ADR 012). The user's organisations and roles come from Keycloak's role groups
 * ({@link TenantRoles}), never from anything the browser sends: the {@value #ORGANIZATION_HEADER} header only
 * chooses among them. Without it, a member of exactly one organisation acts on that one.
 */
@RequestScoped
public class CurrentUser {
    /** Chooses which of the caller's organisations a request acts on. */
    public static final String ORGANIZATION_HEADER = "X-Pulseboard-Organization";

    /** An organisation of the caller with the caller's role in it and its display name. */
    public record Membership(TenantId tenant, Role role, String name) {}

    /** Who did something, for the audit log. */
    public record Actor(String id, String email, String sourceAddress) {}

    private final SecurityIdentity identity;
    private final TenantRoles roles;
    private final TenantRepository tenants;
    private final RequestOrigin origin;
    private Map<String, Membership> memberships;

    CurrentUser(SecurityIdentity identity, TenantRoles roles, TenantRepository tenants, RequestOrigin origin) {
        this.identity = identity;
        this.roles = roles;
        this.tenants = tenants;
        this.origin = origin;
    }

    /** The organisation the request acts on, which must allow at least {@code role}; its tenant id. */
    public TenantId require(Role role) {
        return membership(role).tenant();
    }

    /** As {@link #require}, with the caller's role and the organisation's name. */
    public Membership membership(Role role) {
        Membership chosen = chosen().orElseThrow(() -> new ProblemException(
                TenantError.ORGANIZATION_REQUIRED,
                "You belong to several organizations; say which one with the " + ORGANIZATION_HEADER
                        + " header (its tenant id)."));
        if (!chosen.role().atLeast(role)) {
            throw new ProblemException(
                    TenantError.ROLE_REQUIRED,
                    "This needs the " + role.id() + " role (or a stronger one) in " + chosen.tenant() + "; you are "
                            + chosen.role().id() + ". Ask an owner or admin.");
        }
        return chosen;
    }

    /** Any member's organisation: {@code require(Role.VIEWER)}. */
    public TenantId tenant() {
        return require(Role.VIEWER);
    }

    /**
     * The chosen organisation: the header's (404 {@code err-pb-organization-not-found} unless the caller is a member of
     * that active tenant), else the only one; empty when the caller has several and chose none. A caller of no
     * organisation at all gets 403 {@code err-pb-no-organization}.
     */
    public Optional<Membership> chosen() {
        Map<String, Membership> mine = memberships();
        String header = header();
        if (header != null) {
            Membership chosen = mine.get(header);
            if (chosen == null) {
                // The same answer whether the tenant exists or not: nothing of another organisation is revealed.
                throw new ProblemException(
                        TenantError.ORGANIZATION_NOT_FOUND, "You are not a member of an organization with that id.");
            }
            return Optional.of(chosen);
        }
        if (mine.isEmpty()) {
            throw new ProblemException(
                    TenantError.NO_ORGANIZATION,
                    "Your account belongs to no Pulseboard organization; sign up or accept an invitation.");
        }
        return mine.size() == 1 ? Optional.of(mine.values().iterator().next()) : Optional.empty();
    }

    /** The caller's active organisations with their role and name, by tenant id. */
    public Collection<Membership> organizations() {
        return memberships().values();
    }

    /** Read once per request: the roles from Keycloak (cached), the active tenants among them in one query. */
    private Map<String, Membership> memberships() {
        if (memberships == null) {
            Map<TenantId, Role> held = roles.rolesOf(userId());
            Map<String, Membership> active = new TreeMap<>();
            if (!held.isEmpty()) {
                for (TenantEntity row : tenants.activeAmong(
                        held.keySet().stream().map(TenantId::value).toList())) {
                    TenantId tenant = new TenantId(row.id);
                    active.put(row.id, new Membership(tenant, held.get(tenant), row.displayName));
                }
            }
            memberships = Collections.unmodifiableMap(active);
        }
        return memberships;
    }

    /** The Keycloak user id (the token's subject). */
    public String userId() {
        String subject = token().getSubject();
        if (subject == null || subject.isBlank()) {
            throw new ProblemException(TenantError.NO_ORGANIZATION, "This token names no user.");
        }
        return subject;
    }

    public String email() {
        Object email = token().getClaim("email");
        return email == null ? null : email.toString();
    }

    public Actor actor() {
        return new Actor(userId(), email(), sourceAddress());
    }

    /** Where the request came from. */
    public String sourceAddress() {
        return origin.address();
    }

    private String header() {
        return origin.header(ORGANIZATION_HEADER);
    }

    private JsonWebToken token() {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            return jwt;
        }
        throw new ProblemException(TenantError.NO_ORGANIZATION, "This endpoint needs a Pulseboard login.");
    }
}
