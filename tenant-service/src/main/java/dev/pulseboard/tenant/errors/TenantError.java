package dev.pulseboard.tenant.errors;

import dev.pulseboard.contract.errors.ErrorId;
import jakarta.ws.rs.core.Response.Status;

/**
 * The errors tenant-service answers with: a registered stable {@link ErrorId} (documented in docs/errors.md) with
 * the HTTP status and title of its problem+json body. The id, not the message, is the contract.
 */
public enum TenantError {
    INVALID_SIGNUP(ErrorId.INVALID_SIGNUP, Status.BAD_REQUEST, "Invalid sign-up request"),
    TENANT_EXISTS(ErrorId.TENANT_EXISTS, Status.CONFLICT, "Tenant id already taken"),
    USER_EXISTS(ErrorId.USER_EXISTS, Status.CONFLICT, "A user with this email already exists"),
    NO_ORGANIZATION(ErrorId.NO_ORGANIZATION, Status.FORBIDDEN, "No single Pulseboard organization for this user"),
    KEY_NOT_FOUND(ErrorId.KEY_NOT_FOUND, Status.NOT_FOUND, "Ingest key not found"),
    KEY_SCOPES_INVALID(ErrorId.KEY_SCOPES_INVALID, Status.BAD_REQUEST, "Invalid key scopes"),
    KEY_DIRECTORY_UNAVAILABLE(
            ErrorId.KEY_DIRECTORY_UNAVAILABLE,
            Status.SERVICE_UNAVAILABLE,
            "Gateways cannot be told about keys right now"),
    WEBHOOK_RULE_NOT_FOUND(ErrorId.WEBHOOK_RULE_NOT_FOUND, Status.NOT_FOUND, "Webhook rule not found"),
    WEBHOOK_RULE_INVALID(ErrorId.WEBHOOK_RULE_INVALID, Status.BAD_REQUEST, "Invalid webhook rule"),
    DASHBOARD_NOT_FOUND(ErrorId.DASHBOARD_NOT_FOUND, Status.NOT_FOUND, "Dashboard not found"),
    DASHBOARD_INVALID(ErrorId.DASHBOARD_INVALID, Status.BAD_REQUEST, "Invalid dashboard"),
    DASHBOARD_EXISTS(ErrorId.DASHBOARD_EXISTS, Status.CONFLICT, "A dashboard with this uid already exists"),
    DASHBOARD_VERSION_CONFLICT(
            ErrorId.DASHBOARD_VERSION_CONFLICT, Status.CONFLICT, "The dashboard was changed by someone else"),
    DASHBOARD_TOO_LARGE(ErrorId.DASHBOARD_TOO_LARGE, Status.REQUEST_ENTITY_TOO_LARGE, "Dashboard too large"),
    // 409, not 429: waiting does not free a slot (only deleting a dashboard does), so no Retry-After to obey.
    DASHBOARD_LIMIT(ErrorId.DASHBOARD_LIMIT, Status.CONFLICT, "Dashboard limit reached"),
    ORGANIZATION_REQUIRED(
            ErrorId.ORGANIZATION_REQUIRED, Status.BAD_REQUEST, "Choose the organization this request is for"),
    ORGANIZATION_NOT_FOUND(ErrorId.ORGANIZATION_NOT_FOUND, Status.NOT_FOUND, "Organization not found"),
    ROLE_REQUIRED(ErrorId.ROLE_REQUIRED, Status.FORBIDDEN, "Your role in this organization does not allow this"),
    ROLE_INVALID(ErrorId.ROLE_INVALID, Status.BAD_REQUEST, "Invalid role"),
    MEMBER_NOT_FOUND(ErrorId.MEMBER_NOT_FOUND, Status.NOT_FOUND, "Member not found"),
    LAST_OWNER(ErrorId.LAST_OWNER, Status.CONFLICT, "The organization would have no owner"),
    INVITATION_INVALID(ErrorId.INVITATION_INVALID, Status.BAD_REQUEST, "Invalid invitation"),
    INVITATION_NOT_FOUND(ErrorId.INVITATION_NOT_FOUND, Status.NOT_FOUND, "Invitation not found"),
    INVITATION_EXPIRED(ErrorId.INVITATION_EXPIRED, Status.GONE, "Invitation expired or already used"),
    INVITATION_EMAIL_MISMATCH(
            ErrorId.INVITATION_EMAIL_MISMATCH, Status.FORBIDDEN, "The invitation is for another e-mail address"),
    // 409 like the dashboard limit: only revoking a key frees a slot.
    KEY_LIMIT(ErrorId.KEY_LIMIT, Status.CONFLICT, "Key limit reached"),
    KEY_NAME_INVALID(ErrorId.KEY_NAME_INVALID, Status.BAD_REQUEST, "Invalid key name"),
    LIMITS_INVALID(ErrorId.LIMITS_INVALID, Status.BAD_REQUEST, "Invalid limits"),
    LIMITS_UNPUBLISHED(
            ErrorId.LIMITS_UNPUBLISHED, Status.SERVICE_UNAVAILABLE, "Limits stored, not yet sent to the gateways"),
    INTERNAL_TOKEN(ErrorId.INTERNAL_TOKEN, Status.UNAUTHORIZED, "Internal token required"),
    USAGE_UNAVAILABLE(ErrorId.USAGE_UNAVAILABLE, Status.SERVICE_UNAVAILABLE, "Usage unavailable"),
    THROTTLED(ErrorId.THROTTLED, Status.TOO_MANY_REQUESTS, "Too many requests"),
    // One answer for unknown, used and expired links: nothing to learn from which.
    SIGNUP_LINK_INVALID(ErrorId.SIGNUP_LINK_INVALID, Status.NOT_FOUND, "Sign-up link unknown, already used or expired"),
    MAIL_UNAVAILABLE(ErrorId.MAIL_UNAVAILABLE, Status.SERVICE_UNAVAILABLE, "E-mail cannot be sent right now"),
    DELETION_UNCONFIRMED(ErrorId.DELETION_UNCONFIRMED, Status.BAD_REQUEST, "Deletion not confirmed"),
    BAD_REQUEST(ErrorId.BAD_REQUEST, Status.BAD_REQUEST, "Malformed request"),
    NOT_FOUND(ErrorId.NOT_FOUND, Status.NOT_FOUND, "Not found"),
    IDENTITY_UNAVAILABLE(ErrorId.IDENTITY_UNAVAILABLE, Status.SERVICE_UNAVAILABLE, "Identity provider unavailable"),
    GATEWAY_UNAVAILABLE(ErrorId.GATEWAY_UNAVAILABLE, Status.SERVICE_UNAVAILABLE, "Query service unavailable"),
    INTERNAL(ErrorId.INTERNAL, Status.INTERNAL_SERVER_ERROR, "Internal error");

    private final ErrorId id;
    private final Status status;
    private final String title;

    TenantError(ErrorId id, Status status, String title) {
        this.id = id;
        this.status = status;
        this.title = title;
    }

    public String id() {
        return id.id();
    }

    public Status status() {
        return status;
    }

    public String title() {
        return title;
    }
}
