package dev.pulseboard.tenant.identity;

import static dev.pulseboard.tenant.identity.KeycloakCalls.call;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.config.TenantServiceConfig;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Who belongs to which organisation in which {@link Role}, held in Keycloak (ADR 012): the member of a tenant is a
 * member of its Keycloak organization and of exactly one of the realm groups {@code /tenants/<tenant>/<role>}.
 * Authorisation reads the groups, through a cache of {@code pulseboard.tenant.memberships.cache-ttl} (5 s), so a
 * removed member or a changed role takes effect within that time on every instance, whatever the user's token says;
 * a change made here is seen here at once.
 */
@ApplicationScoped
public class TenantRoles {
    private static final Logger LOG = Logger.getLogger(TenantRoles.class);
    static final String ROOT = "tenants";

    /** A member as listed to the other members. */
    public record Member(String id, String email, String firstName, String lastName, Role role) {}

    private final Keycloak keycloak;
    private final String realm;
    private final Cache<String, Map<TenantId, Role>> byUser;
    private final Map<TenantId, Map<Role, String>> groupIds = new ConcurrentHashMap<>();

    TenantRoles(Keycloak keycloak, TenantServiceConfig config) {
        this.keycloak = keycloak;
        this.realm = config.keycloak().realm();
        this.byUser = Caffeine.newBuilder()
                .expireAfterWrite(config.memberships().cacheTtl())
                .maximumSize(100_000)
                .build();
    }

    /** The user's organisations and roles, by tenant id; empty for a user of none (or an unknown user). */
    public Map<TenantId, Role> rolesOf(String userId) {
        return byUser.get(userId, this::load);
    }

    private Map<TenantId, Role> load(String userId) {
        List<GroupRepresentation> groups = KeycloakCalls.optional(
                        () -> realm().users().get(userId).groups(0, 1000, true))
                .orElse(List.of());
        Map<TenantId, Role> roles = new TreeMap<>(Comparator.comparing(TenantId::value));
        for (GroupRepresentation group : groups) {
            parse(group.getPath()).ifPresent(m -> roles.merge(m.tenant(), m.role(), TenantRoles::stronger));
        }
        return Collections.unmodifiableMap(roles);
    }

    record PathRole(TenantId tenant, Role role) {}

    /** {@code /tenants/<tenant>/<role>} to its tenant and role; anything else is empty. */
    static Optional<PathRole> parse(String path) {
        if (path == null) {
            return Optional.empty();
        }
        String[] parts = path.split("/", -1);
        if (parts.length != 4 || !parts[0].isEmpty() || !ROOT.equals(parts[1]) || !TenantId.isValid(parts[2])) {
            return Optional.empty();
        }
        return Role.of(parts[3]).map(role -> new PathRole(new TenantId(parts[2]), role));
    }

    private static Role stronger(Role a, Role b) {
        return a.atLeast(b) ? a : b;
    }

    /** Makes the user a member of the tenant in exactly {@code role}: organization membership plus one role group. */
    public void setRole(TenantId tenant, String userId, Role role) {
        Map<Role, String> groups = groups(tenant);
        KeycloakCalls.run(() -> realm().users().get(userId).joinGroup(groups.get(role)));
        for (Map.Entry<Role, String> other : groups.entrySet()) {
            if (other.getKey() != role) {
                KeycloakCalls.run(() -> realm().users().get(userId).leaveGroup(other.getValue()));
            }
        }
        String organization = organizationId(tenant);
        // 409: already a member of the organization.
        KeycloakCalls.expect(
                () -> realm().organizations().get(organization).members().addMember(userId),
                "the organization membership",
                409);
        byUser.invalidate(userId);
    }

    /** Takes the user out of the tenant: every role group and the organization membership. */
    public void remove(TenantId tenant, String userId) {
        for (String group : groups(tenant).values()) {
            KeycloakCalls.run(() -> realm().users().get(userId).leaveGroup(group));
        }
        String organization = organizationId(tenant);
        KeycloakCalls.expect(
                () -> realm().organizations()
                        .get(organization)
                        .members()
                        .member(userId)
                        .delete(),
                "removing the organization membership",
                404);
        byUser.invalidate(userId);
    }

    /** Every member of the tenant with their role. */
    public List<Member> members(TenantId tenant) {
        List<Member> members = new ArrayList<>();
        for (Map.Entry<Role, String> group : groups(tenant).entrySet()) {
            for (UserRepresentation user :
                    call(() -> realm().groups().group(group.getValue()).members(0, 10_000, true))) {
                members.add(new Member(
                        user.getId(), user.getEmail(), user.getFirstName(), user.getLastName(), group.getKey()));
            }
        }
        return members;
    }

    /**
     * Deletes the tenant's Keycloak side (organisation deletion): its role groups, which ends every membership, and its
     * organization. The users stay (they may belong to other organisations). Throws when Keycloak cannot be reached.
     */
    public void removeOrganization(TenantId tenant) {
        groupId("/" + ROOT + "/" + tenant.value())
                .ifPresent(
                        id -> KeycloakCalls.run(() -> realm().groups().group(id).remove()));
        groupIds.remove(tenant);
        KeycloakCalls.organizationOf(realm(), tenant)
                .ifPresent(id -> KeycloakCalls.expect(
                        () -> realm().organizations().get(id).delete(), "deleting the organization", 404));
        byUser.invalidateAll();
    }

    /** Removes the tenant's role groups (sign-up compensation, deletion); best effort, logs failures. */
    public void deleteGroupsQuietly(TenantId tenant) {
        try {
            groupId("/" + ROOT + "/" + tenant.value())
                    .ifPresent(id ->
                            KeycloakCalls.run(() -> realm().groups().group(id).remove()));
        } catch (ProblemException e) {
            LOG.warnf("could not delete the role groups of %s (%s); delete them by hand", tenant, e.getMessage());
        }
        groupIds.remove(tenant);
    }

    /** The ids of the tenant's four role groups, created on first use (idempotent, safe against a concurrent create). */
    private Map<Role, String> groups(TenantId tenant) {
        Map<Role, String> known = groupIds.get(tenant);
        if (known != null) {
            return known;
        }
        String root = group("/" + ROOT, () -> realm().groups().add(named(ROOT)));
        String tenantGroup = group(
                "/" + ROOT + "/" + tenant.value(),
                () -> realm().groups().group(root).subGroup(named(tenant.value())));
        Map<Role, String> ids = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            ids.put(
                    role,
                    group(
                            "/" + ROOT + "/" + tenant.value() + "/" + role.id(),
                            () -> realm().groups().group(tenantGroup).subGroup(named(role.id()))));
        }
        Map<Role, String> result = Collections.unmodifiableMap(ids);
        groupIds.put(tenant, result);
        return result;
    }

    private String group(String path, java.util.function.Supplier<Response> create) {
        Optional<String> existing = groupId(path);
        if (existing.isPresent()) {
            return existing.get();
        }
        try (Response response = call(create)) {
            if (response.getStatus() == 201) {
                return CreatedResponseUtil.getCreatedId(response);
            }
            if (response.getStatus() != 409) {
                throw new ProblemException(
                        TenantError.IDENTITY_UNAVAILABLE,
                        "Keycloak refused creating group " + path + " (HTTP " + response.getStatus() + ").");
            }
        }
        // 409: created concurrently by another instance or request.
        return groupId(path)
                .orElseThrow(() -> new ProblemException(
                        TenantError.IDENTITY_UNAVAILABLE, "Keycloak lost group " + path + "; retry."));
    }

    private Optional<String> groupId(String path) {
        return KeycloakCalls.optional(() -> realm().getGroupByPath(path)).map(GroupRepresentation::getId);
    }

    private static GroupRepresentation named(String name) {
        GroupRepresentation group = new GroupRepresentation();
        group.setName(name);
        return group;
    }

    /** The Keycloak id of the tenant's organization (alias = tenant id). */
    private String organizationId(TenantId tenant) {
        return KeycloakCalls.organizationOf(realm(), tenant)
                .orElseThrow(() -> new ProblemException(
                        TenantError.IDENTITY_UNAVAILABLE, "Keycloak has no organization for tenant " + tenant + "."));
    }

    private RealmResource realm() {
        return keycloak.realm(realm);
    }
}
