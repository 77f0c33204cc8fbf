package dev.pulseboard.tenant.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The one typed configuration root of tenant-service ({@code pulseboard.tenant.*}).
 *
 * <p>Secrets ({@code internal.token}, {@code keycloak.admin-client-secret}) come from the environment in
 * production ({@code PB_INTERNAL_TOKEN}, {@code PB_KEYCLOAK_ADMIN_SECRET}); the dev/test profiles use the local-dev
 * values that deploy/keycloak/pulseboard-realm.json also holds. They are never logged.
 */
@ConfigMapping(prefix = "pulseboard.tenant")
public interface TenantServiceConfig {

    Query query();

    Internal internal();

    Keycloak keycloak();

    PublicEndpoints publicEndpoints();

    Kafka kafka();

    Api api();

    Dashboards dashboards();

    /** Saved Grafana dashboards ({@code /api/dashboards}). */
    interface Dashboards {
        /**
         * Largest accepted body of a dashboard import or update, in bytes of UTF-8 (suffixes K, M); larger bodies get
         * 413 err-pb-dashboard-too-large. Must be > 0 and below {@code quarkus.http.limits.max-body-size} (default 10M),
         * which refuses bigger bodies before this check with a plain 413.
         */
        @WithDefault("1M")
        MemorySize maxBodySize();

        /** Dashboards one tenant may keep; creating one more gets 409 err-pb-dashboard-limit. Must be > 0. */
        @WithDefault("100")
        int maxPerTenant();
    }

    /** Who may call /api/* with a bearer token (the browser's code-flow session is always accepted). */
    interface Api {
        /**
         * The OIDC clients whose access tokens /api/* accepts (the token's {@code azp}). Tokens of any other client of
         * the realm, and ID or refresh tokens of any client, are refused with 401.
         */
        @WithDefault("pulseboard-web")
        List<String> acceptedClients();
    }

    /** Where the gateways learn ingest keys from: the compacted ingest-keys topic (ADR 008). */
    interface Kafka {
        /** Comma-separated host:port list. */
        @WithDefault("127.0.0.1:19092")
        String bootstrapServers();

        /** The compacted topic of key grants; a tombstone revokes. */
        @WithDefault("ingest-keys")
        String keysTopic();

        /** How long issuing or revoking a key waits for Kafka's acknowledgement before answering 503. Must be > 0. */
        @WithDefault("10s")
        Duration sendTimeout();

        /** How often grants and revocations Kafka did not acknowledge are written again. Must be > 0. */
        @WithDefault("5s")
        Duration republishInterval();
    }

    interface Query {
        /** Base URL of the query-frontend's Prometheus-compatible API; /api/v1/query[_range] is appended. */
        @WithDefault("http://127.0.0.1:19084")
        URI url();

        /** Whole-request timeout for one proxied query. Must be positive. */
        @WithDefault("30s")
        Duration timeout();
    }

    interface Internal {
        /**
         * Shared secret of the internal API ({@code X-Pulseboard-Internal-Token}): sent by tenant-service on
         * queries it proxies to the query frontend for a logged-in user. No default in production: start fails without it.
         */
        String token();
    }

    interface Keycloak {
        /** Keycloak base URL (env PULSEBOARD_TENANT_KEYCLOAK_URL), e.g. http://127.0.0.1:19180 (no /realms suffix). OIDC login uses the same server. */
        URI url();

        /** Realm that holds tenants (organizations) and users. */
        @WithDefault("pulseboard")
        String realm();

        /** Confidential client with a service account allowed to create users and organizations in {@link #realm()}. */
        @WithDefault("pulseboard-admin")
        String adminClientId();

        /** Secret of {@link #adminClientId()}. */
        String adminClientSecret();
    }

    /**
     * Where tenants send and query data, as the web UI shows them in its snippets ({@code GET /api/config}). These are
     * the addresses clients use, which behind a load balancer differ from the services' bind addresses.
     */
    interface PublicEndpoints {
        /** Base URL of the ingest API (POST /api/v1/push), without a trailing slash. */
        @WithDefault("http://127.0.0.1:19081")
        String ingestUrl();

        /** Base URL of the tenant-scoped Prometheus query API (/api/v1/query), without a trailing slash. */
        @WithDefault("http://127.0.0.1:19081")
        String queryUrl();

        /** Host StatsD clients send to. */
        @WithDefault("127.0.0.1")
        String statsdHost();

        /** UDP port StatsD clients send to. */
        @WithDefault("19125")
        int statsdPort();
    }
}
