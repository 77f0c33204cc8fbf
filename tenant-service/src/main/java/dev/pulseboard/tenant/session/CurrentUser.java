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
import java.util.Collections;
import java.util.Comparator;
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

    /** An organisation of the caller with the caller's role in it. */
    public record Membership(TenantId tenant, Role role) {}

    /** Who did something, for the audit log. */
    public record Actor(String id, String email, String sourceAddress) {}

    private final SecurityIdentity identity;
    private final TenantRoles roles;
    private final TenantRepository tenants;
    private final RequestOrigin origin;
    private Map<TenantId, Role> organizations;

    CurrentUser(SecurityIdentity identity, TenantRoles roles, TenantRepository tenants, RequestOrigin origin) {
        this.identity = identity;
        this.roles = roles;
        this.tenants = tenants;
        this.origin = origin;
    }

    /** The organisation the request acts on, which must allow at least {@code role}; its tenant id. */
    public TenantId require(Role role) {
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
        return chosen.tenant();
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
        Map<TenantId, Role> mine = organizations();
        String header = header();
        if (header != null) {
            Role role = TenantId.isValid(header) ? mine.get(new TenantId(header)) : null;
            if (role == null) {
                // The same answer whether the tenant exists or not: nothing of another organisation is revealed.
                throw new ProblemException(
                        TenantError.ORGANIZATION_NOT_FOUND, "You are not a member of an organization with that id.");
            }
            return Optional.of(new Membership(new TenantId(header), role));
        }
        if (mine.isEmpty()) {
            throw new ProblemException(
                    TenantError.NO_ORGANIZATION,
                    "Your account belongs to no Pulseboard organization; sign up or accept an invitation.");
        }
        if (mine.size() == 1) {
            Map.Entry<TenantId, Role> only = mine.entrySet().iterator().next();
            return Optional.of(new Membership(only.getKey(), only.getValue()));
        }
        return Optional.empty();
    }

    /** The caller's active organisations and roles, by tenant id. */
    public Map<TenantId, Role> organizations() {
        if (organizations == null) {
            Map<TenantId, Role> active = new TreeMap<>(Comparator.comparing(TenantId::value));
            roles.rolesOf(userId()).forEach((tenant, role) -> {
                if (tenants.findByIdOptional(tenant.value())
                        .filter(t -> t.status == TenantEntity.Status.ACTIVE)
                        .isPresent()) {
                    active.put(tenant, role);
                }
            });
            organizations = Collections.unmodifiableMap(active);
        }
        return organizations;
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
