package dev.pulseboard.contract.http;

/**
 * The HTTP interfaces between Pulseboard's own services (docs/architecture.md, "Interfaces between components"):
 * header names and paths declared once, for the side that serves and the side that calls.
 */
public final class InternalApi {
    /** Shared secret of the internal API (PB_INTERNAL_TOKEN): tenant-service and gateway send and check it. */
    public static final String TOKEN_HEADER = "X-Pulseboard-Internal-Token";

    /**
     * The tenant a trusted internal caller acts for (tenant-service proxying a logged-in user's query). Cortex, Mimir
     * and Thanos use the same header name for the tenant, so a query frontend in front of them can pass it on.
     */
    public static final String TENANT_HEADER = "X-Scope-OrgID";

    private InternalApi() {}
}
