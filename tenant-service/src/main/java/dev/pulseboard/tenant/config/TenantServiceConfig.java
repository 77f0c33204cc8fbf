package dev.pulseboard.tenant.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    Provisioning provisioning();

    /**
     * The provisioning reconciler (ADR 013): every ACTIVE tenant gets a Grafana organisation (datasource + the reference
     * dashboards) and an entry in Thanos Receive's hashring and limits files; tenants that are DELETING or gone lose
     * them. A target whose location is not set is not configured: the reconciler leaves it alone and
     * {@code GET /api/provisioning} reports it as NOT_CONFIGURED.
     */
    interface Provisioning {
        /** How often the reconciler runs (every run reads the tenants and converges every configured target). > 0. */
        @WithDefault("60s")
        Duration interval();

        Grafana grafana();

        Thanos thanos();

        /** Grafana, driven through its HTTP API. */
        interface Grafana {
            /** Grafana's base URL, e.g. http://127.0.0.1:3000 (no /api suffix). Absent or empty: not configured. */
            Optional<URI> url();

            /**
             * Login of a Grafana server admin, used with HTTP basic auth: creating and deleting organisations is
             * Grafana's admin organisations API, which no service-account token can call (ADR 013).
             */
            @WithDefault("admin")
            String adminUser();

            /** Password of {@link #adminUser()} (env PB_GRAFANA_ADMIN_PASSWORD); required when {@link #url()} is set. */
            Optional<String> adminPassword();

            /**
             * The tenant-scoped query API as Grafana's server reaches it: the URL of every tenant's datasource, which
             * authenticates with a read key of that tenant. Absent: {@code public-endpoints.query-url}.
             */
            Optional<URI> queryUrl();

            /** Connect and whole-request timeout of one Grafana API call. > 0. */
            @WithDefault("10s")
            Duration timeout();
        }

        /** Thanos Receive, configured through the files it watches. */
        interface Thanos {
            /** Receive's --receive.hashrings-file, written here (atomically). Absent or empty: not configured. */
            Optional<Path> hashringFile();

            /** Receive's --receive.limits-config-file, written here (atomically). Absent: no limits file. */
            Optional<Path> limitsFile();

            /** host:port of the Receive nodes every tenant's hashring lists; required when hashring-file is set. */
            Optional<List<String>> endpoints();

            /** The limits every tenant gets in the limits file (until a plans feature sets per-tenant ones). */
            Limits defaultLimits();

            /** Thanos Receive's per-tenant write limits; in each, 0 means no limit (as in Thanos). */
            interface Limits {
                /** Largest remote-write request body, in bytes (suffixes K, M): {@code size_bytes_limit}. 0 = none. */
                @WithDefault("0")
                MemorySize requestSizeBytes();

                /** Most series in one remote-write request: {@code series_limit}. 0 = none. */
                @WithDefault("0")
                long requestSeries();

                /** Most samples in one remote-write request, all series summed: {@code samples_limit}. 0 = none. */
                @WithDefault("0")
                long requestSamples();

                /**
                 * Most active (head) series of the tenant across all Receive nodes: {@code head_series_limit}; Thanos
                 * enforces it only with meta-monitoring configured. 0 = none.
                 */
                @WithDefault("0")
                long headSeries();
            }
        }
    }

    Memberships memberships();

    Invitations invitations();

    Keys keys();

    PlanLimits limits();

    Usage usage();

    PublicThrottle publicThrottle();

    Deletion deletion();

    Retention retention();

    Signup signup();

    /** Public sign-up, verified by e-mail (SignupVerification). */
    interface Signup {
        /** How long the link mailed to a new sign-up's address can be used. Must be > 0. */
        @WithDefault("24h")
        Duration linkTtl();

        /**
         * Sign-up mails one address may receive per hour (links and "you already have an account" alike); beyond,
         * a sign-up for it is answered as usual and no mail is sent, so nobody can flood an address through us.
         */
        @WithDefault("3")
        int mailsPerAddressPerHour();

        /** How long a sign-up that died half-way is left before AbandonedSignups removes it. */
        @WithDefault("10m")
        Duration abandonedAfter();
    }

    /** Per-tenant retention (the limit {@code retention_ms}), enforced by RetentionEnforcer. */
    interface Retention {
        /**
         * How often each tenant's samples older than its retention are deleted from the store; samples live up to this
         * much longer than the retention. Read by RetentionEnforcer's schedule.
         */
        @WithDefault("1h")
        Duration interval();
    }

    /** Deleting an organisation ({@code DELETE /api/organization}). */
    interface Deletion {
        /**
         * How long a deleted organisation's data stays in the store (a mistaken deletion can still be undone by an
         * operator from a backup of PostgreSQL and Keycloak) before it is deleted. Must be >= 0.
         */
        @WithDefault("7d")
        Duration grace();

        /**
         * The least time between a deletion and its purge whatever the grace: the pipeline must have read the tenant's
         * {@code deleted} record and stopped writing it, or its last writes would land after the store's deletion.
         */
        @WithDefault("30s")
        Duration quietPeriod();

        /** How often DELETING organisations past their grace are purged (read by OrganizationDeletion's schedule). */
        @WithDefault("10s")
        Duration purgeInterval();
    }

    /** Per-address throttle of the endpoints that need no login (sign-up, invitation look-up and registration). */
    interface PublicThrottle {
        /** Requests an address may make per minute, sustained. Must be > 0. */
        @WithDefault("10")
        int perMinute();

        /** Requests an address may make at once before the sustained rate applies. Must be > 0. */
        @WithDefault("20")
        int burst();
    }

    /** {@code GET /api/usage}: read from the platform's own Prometheus. */
    interface Usage {
        /** Base URL of the Prometheus the services are scraped into and the pipeline writes to. */
        @WithDefault("http://127.0.0.1:19090")
        String prometheusUrl();

        /** Timeout of one query to it. Must be > 0. */
        @WithDefault("5s")
        Duration timeout();
    }

    /** Plans and per-tenant limits (ADR 014). */
    interface PlanLimits {
        /**
         * The plan of a tenant nobody has set one for (every new tenant). A plan without limits in {@link #plans()}
         * means the platform defaults.
         */
        @WithDefault("standard")
        String defaultPlan();

        /**
         * Plans by name: each a map of limit name (the fields of the contract's {@code LimitsOverrides}, e.g.
         * {@code ingest_rate}, {@code max_active_series}) to its value; lists comma-separated.
         */
        Map<String, Map<String, String>> plans();
    }

    /** Organisation membership and roles, held in Keycloak (ADR 012). */
    interface Memberships {
        /**
         * How long a user's organisations and roles, read from Keycloak, are reused before being read again: the most a
         * role change or a removal made on another instance takes to apply here. Must be > 0.
         */
        @WithDefault("5s")
        Duration cacheTtl();
    }

    /** Invitations by link ({@code /api/invitations}). */
    interface Invitations {
        /** How long an invitation link can be accepted. Must be > 0. */
        @WithDefault("7d")
        Duration ttl();
    }

    /** Ingest and read keys ({@code /api/keys}). */
    interface Keys {
        /** Unrevoked keys one tenant may hold; one more gets 409 err-pb-key-limit. Must be > 0. */
        @WithDefault("50")
        int maxPerTenant();
    }

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

        /** The compacted topic of per-tenant limits that the gateways and the pipeline follow (ADR 005, 014). */
        @WithDefault("tenant-limits")
        String limitsTopic();

        /** The compacted topic of key grants; a tombstone revokes. */
        @WithDefault("ingest-keys")
        String keysTopic();

        /** How long issuing or revoking a key waits for Kafka's acknowledgement before answering 503. Must be > 0. */
        @WithDefault("10s")
        Duration sendTimeout();

        /** How often grants and revocations Kafka did not acknowledge are written again. Must be > 0. */
        @WithDefault("5s")
        Duration republishInterval();

        /** The compacted topic the gateways and the query frontend report key use to (a key's "last used"). */
        @WithDefault("key-usage")
        String keyUsageTopic();

        /** How often the key use read from that topic is written to the keys (read by KeyUseLedger's schedule). */
        @WithDefault("5s")
        Duration keyUsageFlushInterval();
    }

    interface Query {
        /** Base URL of the query-frontend's Prometheus-compatible API; /api/v1/query[_range] is appended. */
        @WithDefault("http://127.0.0.1:19084")
        URI url();

        /**
         * Whole-request timeout for one proxied query: a safety net, not the query's deadline. The query frontend
         * answers within the tenant's query timeout (query_timeout_ms, 30 s by default) plus 5 s however long the
         * request queued there, with its own error (429 err-pb-query-time-limited, 503 err-pb-query-backend-unavailable)
         * when it cannot; this must be longer, or the user sees only that the query service did not answer. Must be
         * positive.
         */
        @WithDefault("2m")
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

        /** Base URL of this web UI as users reach it (invitation links), without a trailing slash. */
        @WithDefault("http://127.0.0.1:19080")
        String uiUrl();

        /** Host StatsD clients send to. */
        @WithDefault("127.0.0.1")
        String statsdHost();

        /** UDP port StatsD clients send to. */
        @WithDefault("19125")
        int statsdPort();
    }
}
