package dev.pulseboard.query;

import dev.pulseboard.contract.errors.ApiException;
import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.errors.ErrorKind;
import dev.pulseboard.contract.http.InternalApi;
import dev.pulseboard.contract.keys.TenantAuthenticator;
import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.query.promql.QueryRejectReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Decides which tenant a query runs as. Two forms, never mixed:
 * <ul>
 *   <li>trusted proxy (tenant-service acting for a logged-in user): {@code X-Pulseboard-Internal-Token} equal to
 *       the query frontend's internal token, plus {@code X-Scope-OrgID: <tenant>};</li>
 *   <li>otherwise an ingest key, {@code Authorization: Bearer pbk_...}, resolved by the shared
 *       {@link TenantAuthenticator}; an {@code X-Scope-OrgID} sent along is ignored, the key decides.</li>
 * </ul>
 * Blocking (an unknown key waits up to keys.miss-wait for the directory): call from worker threads.
 */
@ApplicationScoped
public class QueryCallerResolver {

    private final TenantAuthenticator authenticator;
    private final byte[] internalToken;

    public QueryCallerResolver(TenantAuthenticator authenticator, QueryConfig config) {
        this.authenticator = authenticator;
        this.internalToken = config.internalToken().getBytes(StandardCharsets.UTF_8);
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
                    "the " + InternalApi.TOKEN_HEADER + " header is not the internal token");
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
