package dev.pulseboard.query;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The query frontend ({@code pulseboard.query.*}): where Prometheus is, the default query limits (each tenant's own
 * come from the tenant-limits topic), the ingest-key directory it authenticates callers with and the internal
 * token of the trusted-proxy form (tenant-service). Read once at startup.
 */
@ConfigMapping(prefix = "pulseboard.query")
public interface QueryConfig {

    /**
     * Secret shared with tenant-service, which calls with {@code X-Pulseboard-Internal-Token} plus
     * {@code X-Scope-OrgID} for a logged-in user. Empty refuses every internal call.
     */
    String internalToken();

    Kafka kafka();

    Keys keys();

    Cache cache();

    Scheduler scheduler();

    /** How Prometheus is shared between tenants (QueryScheduler). */
    interface Scheduler {
        /**
         * Requests of all tenants at Prometheus at once; beyond, requests wait and are let through one tenant at a
         * time in turn. About the cores Prometheus can use, plus some for requests waiting on I/O; 0 = no limit.
         */
        @WithDefault("4")
        int maxInFlight();

        /**
         * Of those, the most one tenant holds: the other places stay free for other tenants' requests, so that a
         * tenant at its query limits cannot make another's request wait behind its slow ones; 0 = no share.
         */
        @WithDefault("2")
        int maxInFlightPerTenant();
    }

    /** Answers kept for viewers asking the same thing (QueryResultsCache). */
    interface Cache {
        /**
         * How long an answer is reused for identical requests of the same tenant after it arrived: the most any answer
         * can lag a fresh one. 0 = only requests arriving while an identical one is in flight share its answer.
         */
        @WithDefault("0s")
        Duration ttl();

        /** Total size of the cached answer bodies (kept only with a ttl above 0). */
        @WithDefault("64M")
        MemorySize maxSize();

        Extents extents();
    }

    /**
     * The step-aligned extent cache of query_range (docs/query.md, "Results cache"): the settled steps of each
     * tenant's range queries, so that a refresh asks Prometheus only for the steps that are new or still changing.
     * It is switched for every tenant by {@code defaults.extent-cache}.
     */
    interface Extents {
        /**
         * How long after its time a step is final while the pipeline's written-through time (the store-progress topic)
         * is not known; once it is, the steps up to it are final instead. Steps at t <= now - settled-after are then
         * cached, newer ones are evaluated by Prometheus for every request (nothing is shared while the written-through
         * time is not known). Must exceed the longest time from a sample's timestamp to its being readable in
         * Prometheus (the pipeline's write delay, docs/pipeline.md): 5 min covers a window written with lag and
         * flush (~1.5 s) and the remote-write retries of a store outage (120 s) before the job fails over, with room
         * for the restart. 0 = every step up to now is final (only for stores written synchronously).
         */
        @WithDefault("5m")
        Duration settledAfter();

        /**
         * Longest life of one extent: after this long since its first step was evaluated it is dropped and rebuilt
         * from Prometheus, however often it is read, which bounds how long a sample written later than
         * settled-after can be missing from answers. Also the time an unread extent is kept. 0 = the extent cache
         * is off.
         */
        @WithDefault("10m")
        Duration maxAge();

        /**
         * Memory for all tenants' extents together (estimated heap bytes of keys, labels and samples); the least
         * recently used go first, whichever tenant they belong to. 0 = the extent cache is off.
         */
        @WithDefault("64M")
        MemorySize maxSize();

        /**
         * How long the answer for a query's newest, unsettled steps is shared by the requests that ask for the same
         * steps while the store's written-through time has not passed another stamp (stamp-every; it is re-evaluated
         * as soon as it does, and never shared at all while that time is not known). Bounds how late a sample written
         * past the written-through time (by a store writer ahead of the slowest) can show. 0 = the newest steps are
         * evaluated for every request.
         */
        @WithDefault("2s")
        Duration reuseFor();

        /**
         * The grid the store's samples are stamped on: the pipeline stamps each window at its last millisecond, and
         * its finest window is 1 s, so nothing in the store is stamped between two whole seconds' last milliseconds
         * and an answer is shared while the written-through time stays between the same two (it moves about every
         * 200 ms). 0 = shared only while that time does not move at all (a store also written by something else).
         */
        @WithDefault("1s")
        Duration stampEvery();

        /**
         * How long after its last request a range query stays watched: while it is, its newest steps are evaluated in
         * the background each time the written-through time passes a stamp or a new step begins (charged to the
         * tenant's Prometheus budget, skipped while it is spent), so that a dashboard's refresh finds them ready.
         * 0 = off.
         */
        @WithDefault("10s")
        Duration watchFor();

        /** Most range queries watched per tenant at once; requests beyond are answered as usual, just not watched. */
        @WithDefault("64")
        int maxWatchedPerTenant();
    }

    interface Kafka {
        /** Where the ingest-keys and tenant-limits topics are. */
        @WithDefault("127.0.0.1:19092")
        String bootstrapServers();
    }

    /** The ingest-key directory (ADR 008), the same one the gateway holds. */
    interface Keys {
        /** The compacted topic tenant-service writes grants (and revocation tombstones) to. */
        @WithDefault("ingest-keys")
        String topic();

        /** How long startup waits to read the existing grants before it goes on (answering 503 until it has). */
        @WithDefault("30s")
        Duration startupTimeout();

        /** How long an unknown key waits for the directory to read on (a key issued a moment ago). Must be > 0. */
        @WithDefault("1s")
        Duration missWait();

        /** Unknown keys waiting at once; beyond, an unknown key is refused without waiting. Must be > 0. */
        @WithDefault("1000")
        int maxPendingMisses();

        /** The compacted topic this service reports key use to (a key's "last used" in tenant-service). */
        @WithDefault("key-usage")
        String usageTopic();

        /** How often key use is reported (a key's "last used" is kept to the minute). Must be > 0. */
        @WithDefault("10s")
        Duration usageInterval();

        /** Retry-After sent with 503 err-pb-tenant-service-unavailable (keys not read yet); 0 = "retry at once". */
        @WithDefault("2s")
        Duration retryAfter();
    }

    /** Base URL of Prometheus (anything serving the Prometheus HTTP API), without /api/v1 and trailing slash. */
    @WithDefault("http://127.0.0.1:19090")
    String prometheusUrl();

    /** TCP connect timeout to Prometheus. Must be > 0. */
    @WithDefault("2s")
    Duration connectTimeout();

    /** Retry-After sent with 503 err-pb-query-backend-unavailable, rounded up to whole seconds; 0 = "retry at once". */
    @WithDefault("2s")
    Duration retryAfter();

    /**
     * The query limits of every tenant that its overrides on the tenant-limits topic (fields {@code query_*}) do not
     * replace.
     */
    Limits defaults();

    /** Where the per-tenant limit overrides are (TenantQueryLimits). */
    LimitsTopic limits();

    interface LimitsTopic {
        /** The compacted topic tenant-service writes each tenant's plan and overrides to (ADR 014). */
        @WithDefault("tenant-limits")
        String topic();

        /** How long startup waits to read the existing overrides before it goes on (readiness down until it has). */
        @WithDefault("30s")
        Duration startupTimeout();
    }

    interface Limits {
        /** Characters in a query or one match[] selector; 0 = unlimited. */
        @WithDefault("16384")
        int maxQueryLength();

        /** Longest end - start of a range query or series/labels lookup; 0 = unlimited. */
        @WithDefault("32d")
        Duration maxRange();

        /** Most points per series of a range query, (end - start) / step + 1; 0 = unlimited (Prometheus caps at 11000). */
        @WithDefault("11000")
        int maxPoints();

        /**
         * Evaluation timeout passed to Prometheus (a smaller client-sent timeout wins); the service waits this plus
         * 5 s for the answer. Must be > 0.
         */
        @WithDefault("30s")
        Duration timeout();

        /**
         * Requests of one tenant that may wait on Prometheus at the same time (every endpoint counts); one more is
         * refused at once with 429 err-pb-query-concurrency-limited. Sized for a few viewers of a dashboard refreshing
         * together; 0 = unlimited.
         */
        @WithDefault("16")
        int maxConcurrent();

        /**
         * Prometheus time the tenant may use per second, on average (QueryScheduler): the wall time of its requests at
         * Prometheus is charged to a budget that refills at this rate and holds one second's worth, and while it is in
         * debt the tenant's requests wait. Bounds what a tenant at its limits takes from the cores other tenants'
         * queries run on, whatever its queries cost; 0 = unlimited.
         */
        @WithDefault("250ms")
        Duration evalTimePerSecond();

        /**
         * Whether the tenant's step-aligned range queries are answered through the extent cache (cache.extents);
         * false = always evaluated in full by Prometheus.
         */
        @WithDefault("true")
        boolean extentCache();
    }
}
