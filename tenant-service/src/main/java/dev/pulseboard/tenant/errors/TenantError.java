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
