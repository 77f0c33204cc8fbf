package dev.pulseboard.gateway.query;

import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.http.InternalApi;
import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.gateway.api.ApiException;
import dev.pulseboard.gateway.api.ErrorKind;
import dev.pulseboard.gateway.auth.TenantAuthenticator;
import dev.pulseboard.gateway.config.GatewayConfig;
import dev.pulseboard.gateway.query.promql.QueryRejectReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Decides which tenant a query runs as. Two forms, never mixed:
 * <ul>
 *   <li>trusted proxy (tenant-service acting for a logged-in user): {@code X-Pulseboard-Internal-Token} equal to
 *       the gateway's internal token, plus {@code X-Scope-OrgID: <tenant>};</li>
 *   <li>otherwise an ingest key, {@code Authorization: Bearer pbk_...}, resolved by the shared
 *       {@link TenantAuthenticator}; an {@code X-Scope-OrgID} sent along is ignored, the key decides.</li>
 * </ul>
 * Blocking (key lookups may call tenant-service): call from worker threads.
 */
@ApplicationScoped
public class QueryCallerResolver {

    private final TenantAuthenticator authenticator;
    private final byte[] internalToken;

    public QueryCallerResolver(TenantAuthenticator authenticator, GatewayConfig config) {
        this.authenticator = authenticator;
        this.internalToken = config.tenantService().internalToken().getBytes(StandardCharsets.UTF_8);
    }

    /** The caller's tenant, or an {@link ApiException} (401, 400 err-pb-query-org-invalid, 503). */
    public String tenantOf(HttpHeaders headers) {
        String token = headers.getHeaderString(InternalApi.TOKEN_HEADER);
        if (token == null) {
            return authenticator
                    .authenticate(headers.getHeaderString(HttpHeaders.AUTHORIZATION))
                    .tenant();
        }
        if (internalToken.length == 0
                || !MessageDigest.isEqual(internalToken, token.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(
                    ErrorKind.UNAUTHENTICATED,
                    ErrorId.INVALID_CREDENTIALS,
                    "the " + InternalApi.TOKEN_HEADER + " header is not the gateway's internal token");
        }
        String org = headers.getHeaderString(InternalApi.TENANT_HEADER);
        if (!TenantId.isValid(org)) {
            throw new ApiException(
                    QueryRejectReason.ORG_INVALID.kind(),
                    QueryRejectReason.ORG_INVALID.errorId(),
                    "internal calls must name the tenant in " + InternalApi.TENANT_HEADER
                            + " (a tenant id such as 'acme')");
        }
        return org;
    }
}
