package dev.pulseboard.gateway.query;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The tenant-scoped query API ({@code pulseboard.gateway.query.*}): where Prometheus is and the per-tenant query
 * limits (defaults plus per-tenant overrides of single fields). Read once at startup. The internal token of the
 * trusted-proxy form is the gateway's shared one, {@code pulseboard.gateway.tenant-service.internal-token}.
 */
@ConfigMapping(prefix = "pulseboard.gateway.query")
public interface QueryConfig {

    /** Base URL of Prometheus (anything serving the Prometheus HTTP API), without /api/v1 and trailing slash. */
    @WithDefault("http://127.0.0.1:19090")
    String prometheusUrl();

    /** TCP connect timeout to Prometheus. Must be > 0. */
    @WithDefault("2s")
    Duration connectTimeout();

    /** Retry-After sent with 503 err-pb-query-backend-unavailable, rounded up to whole seconds; 0 = "retry at once". */
    @WithDefault("2s")
    Duration retryAfter();

    Limits defaults();

    /** pulseboard.gateway.query.tenants.&lt;tenant&gt;.&lt;field&gt;: replaces one limit for one tenant. */
    @WithName("tenants")
    Map<String, LimitOverrides> tenants();

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
         * Evaluation timeout passed to Prometheus (a smaller client-sent timeout wins); the gateway waits this plus
         * 5 s for the answer. Must be > 0.
         */
        @WithDefault("30s")
        Duration timeout();
    }

    /** Same fields and units as {@link Limits}; an absent field keeps the default. */
    interface LimitOverrides {
        OptionalInt maxQueryLength();

        Optional<Duration> maxRange();

        OptionalInt maxPoints();

        Optional<Duration> timeout();
    }
}
