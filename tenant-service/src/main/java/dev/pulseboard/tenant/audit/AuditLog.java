package dev.pulseboard.tenant.audit;

import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.session.CurrentUser.Actor;
import dev.pulseboard.tenant.store.AuditEventEntity;
import dev.pulseboard.tenant.store.AuditEventRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Records administrative actions of a tenant ({@code GET /api/audit}): who, what, when and from where. Called by the
 * resources once an action has succeeded; joins the caller's transaction when there is one.
 */
@ApplicationScoped
public class AuditLog {
    /** The actions recorded; their ids are the API's {@code action} values (docs: tenant-service/README.md). */
    public enum Action {
        TENANT_CREATED("tenant.created"),
        TENANT_DELETING("tenant.deleting"),
        MEMBER_INVITED("member.invited"),
        INVITATION_REVOKED("invitation.revoked"),
        INVITATION_ACCEPTED("invitation.accepted"),
        MEMBER_ROLE_CHANGED("member.role-changed"),
        MEMBER_REMOVED("member.removed"),
        KEY_CREATED("key.created"),
        KEY_REVOKED("key.revoked"),
        DASHBOARD_CREATED("dashboard.created"),
        DASHBOARD_UPDATED("dashboard.updated"),
        DASHBOARD_DELETED("dashboard.deleted"),
        WEBHOOK_CREATED("webhook.created"),
        WEBHOOK_UPDATED("webhook.updated"),
        WEBHOOK_DELETED("webhook.deleted");

        private final String id;

        Action(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    private final AuditEventRepository events;

    AuditLog(AuditEventRepository events) {
        this.events = events;
    }

    @Transactional
    public void record(TenantId tenant, Actor actor, Action action, String target, String detail) {
        AuditEventEntity event = new AuditEventEntity();
        event.tenantId = tenant.value();
        event.at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        event.actorId = actor == null ? null : actor.id();
        event.actorEmail = actor == null ? null : clip(actor.email(), 254);
        event.sourceIp = actor == null ? null : clip(actor.sourceAddress(), 64);
        event.action = action.id();
        event.target = clip(target, 200);
        event.detail = clip(detail, 1000);
        events.persist(event);
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
