package dev.pulseboard.tenant.members;

import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.audit.AuditLog;
import dev.pulseboard.tenant.audit.AuditLog.Action;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import dev.pulseboard.tenant.identity.Role;
import dev.pulseboard.tenant.identity.TenantRoles;
import dev.pulseboard.tenant.identity.TenantRoles.Member;
import dev.pulseboard.tenant.session.CurrentUser.Actor;
import dev.pulseboard.tenant.session.CurrentUser.Membership;
import dev.pulseboard.tenant.store.TenantRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The members of an organisation and their roles (ADR 012). Rules: admins manage editors, viewers and other admins;
 * only an owner grants or takes away the owner role or removes an owner; anyone may leave; the last owner can neither
 * leave, be removed nor be demoted (409 {@code err-pb-last-owner}) — an organisation always has someone who can
 * manage it. A user id that is not a member of the caller's organisation is 404, whether it exists or not.
 *
 * <p>Changes of one organisation's members are serialised by a lock on its tenant row, held while the members are
 * read from Keycloak and changed there, and judged on the roles read under that lock, the caller's own included (not
 * the up to 5 s old role a request is authorised with): two owners demoting each other at once leave one owner.
 */
@ApplicationScoped
public class MemberService {
    private final TenantRoles roles;
    private final AuditLog audit;
    private final TenantRepository tenants;

    MemberService(TenantRoles roles, AuditLog audit, TenantRepository tenants) {
        this.roles = roles;
        this.audit = audit;
        this.tenants = tenants;
    }

    public List<MemberView> list(TenantId tenant) {
        return roles.members(tenant).stream()
                .map(MemberView::of)
                .sorted(Comparator.comparing(MemberView::email, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
    }

    @Transactional
    public MemberView changeRole(Membership membership, Actor actor, String userId, Role role) {
        requireAdmin(membership.role());
        tenants.lock(membership.tenant().value());
        List<Member> members = roles.members(membership.tenant());
        Membership caller = current(membership, members, actor);
        requireAdmin(caller.role());
        Member target = find(members, userId);
        if ((role == Role.OWNER || target.role() == Role.OWNER) && caller.role() != Role.OWNER) {
            throw new ProblemException(
                    TenantError.ROLE_REQUIRED, "Only an owner can grant or take away the owner role.");
        }
        if (target.role() == Role.OWNER && role != Role.OWNER) {
            requireAnotherOwner(members, userId, "be demoted");
        }
        if (target.role() != role) {
            roles.setRole(caller.tenant(), userId, role);
            audit.record(
                    caller.tenant(),
                    actor,
                    Action.MEMBER_ROLE_CHANGED,
                    target.email(),
                    target.role().id() + " -> " + role.id());
        }
        return MemberView.of(new Member(target.id(), target.email(), target.firstName(), target.lastName(), role));
    }

    /** Removes a member; a member removing themself is leaving, which needs no admin role. */
    @Transactional
    public void remove(Membership membership, Actor actor, String userId) {
        boolean leaving = userId.equals(actor.id());
        if (!leaving) {
            requireAdmin(membership.role());
        }
        tenants.lock(membership.tenant().value());
        List<Member> members = roles.members(membership.tenant());
        Membership caller = current(membership, members, actor);
        Member target = find(members, userId);
        if (!leaving) {
            requireAdmin(caller.role());
            if (target.role() == Role.OWNER && caller.role() != Role.OWNER) {
                throw new ProblemException(TenantError.ROLE_REQUIRED, "Only an owner can remove an owner.");
            }
        }
        if (target.role() == Role.OWNER) {
            requireAnotherOwner(members, userId, leaving ? "leave" : "be removed");
        }
        roles.remove(caller.tenant(), userId);
        audit.record(
                caller.tenant(),
                actor,
                Action.MEMBER_REMOVED,
                target.email(),
                leaving ? "left" : "removed as " + target.role().id());
    }

    private static Member find(List<Member> members, String userId) {
        return members.stream()
                .filter(m -> Objects.equals(m.id(), userId))
                .findFirst()
                .orElseThrow(() -> new ProblemException(
                        TenantError.MEMBER_NOT_FOUND, "No member with that id in your organization."));
    }

    private static void requireAdmin(Role role) {
        if (!role.atLeast(Role.ADMIN)) {
            throw new ProblemException(
                    TenantError.ROLE_REQUIRED,
                    "Managing members needs the admin role (or owner); you are " + role.id() + ".");
        }
    }

    /** The caller's membership with the role read under the lock; 403 when they are no longer a member. */
    private static Membership current(Membership membership, List<Member> members, Actor actor) {
        Role role = members.stream()
                .filter(m -> Objects.equals(m.id(), actor.id()))
                .map(Member::role)
                .findFirst()
                .orElseThrow(() -> new ProblemException(
                        TenantError.ROLE_REQUIRED, "You are no longer a member of this organisation."));
        return new Membership(membership.tenant(), role, membership.name());
    }

    private static void requireAnotherOwner(List<Member> members, String userId, String what) {
        boolean another = members.stream().anyMatch(m -> m.role() == Role.OWNER && !m.id().equals(userId));
        if (!another) {
            throw new ProblemException(
                    TenantError.LAST_OWNER, "The last owner cannot " + what + "; make another member owner first.");
        }
    }
}
