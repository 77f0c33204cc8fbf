package dev.pulseboard.tenant.errors;

import jakarta.ws.rs.core.Response.Status;

/**
 * Stable error ids of tenant-service, each documented as a {@code ## err-pb-...} section in docs/errors.md.
 * The id, not the message, is the contract: clients and tests match on it.
 */
public enum ErrorId {
    INVALID_SIGNUP("err-pb-invalid-signup", Status.BAD_REQUEST, "Invalid sign-up request"),
    TENANT_EXISTS("err-pb-tenant-exists", Status.CONFLICT, "Tenant id already taken"),
    USER_EXISTS("err-pb-user-exists", Status.CONFLICT, "A user with this email already exists"),
    NO_ORGANIZATION("err-pb-no-organization", Status.FORBIDDEN, "No single Pulseboard organization for this user"),
    KEY_NOT_FOUND("err-pb-key-not-found", Status.NOT_FOUND, "Ingest key not found"),
    INTERNAL_TOKEN("err-pb-internal-token", Status.UNAUTHORIZED, "Missing or wrong internal token"),
    BAD_REQUEST("err-pb-bad-request", Status.BAD_REQUEST, "Malformed request"),
    NOT_FOUND("err-pb-not-found", Status.NOT_FOUND, "Not found"),
    IDENTITY_UNAVAILABLE("err-pb-identity-unavailable", Status.SERVICE_UNAVAILABLE, "Identity provider unavailable"),
    GATEWAY_UNAVAILABLE("err-pb-gateway-unavailable", Status.SERVICE_UNAVAILABLE, "Query gateway unavailable"),
    INTERNAL("err-pb-internal", Status.INTERNAL_SERVER_ERROR, "Internal error");

    private final String id;
    private final Status status;
    private final String title;

    ErrorId(String id, Status status, String title) {
        this.id = id;
        this.status = status;
        this.title = title;
    }

    public String id() {
        return id;
    }

    public Status status() {
        return status;
    }

    public String title() {
        return title;
    }
}
