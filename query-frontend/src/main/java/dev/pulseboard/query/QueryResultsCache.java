package dev.pulseboard.query;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pulseboard.contract.errors.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Identical requests of one tenant share one evaluation. A request that arrives while an identical one is being
 * answered by Prometheus waits for that answer instead of asking again (viewers of one dashboard refreshing together);
 * with {@code cache.ttl} above 0, answers are also reused for that long after they arrive. The key is the tenant, the
 * endpoint and the parameters as forwarded (already scoped and normalised), so answers are never shared between
 * tenants. Only successful answers are kept; refusals and errors are never reused.
 *
 * <p>The ttl defaults to 0, joining only requests in flight, because every dashboard answer ends at the present and
 * its newest points are still changing: a reused answer lags a fresh one by up to the ttl, which a client polling for
 * new data (and the freshness probe of docs/benchmarks.md) would see. A ttl up to the dashboards' refresh interval
 * (1 s) makes N viewers cost one evaluation per interval. Below this cache, step-aligned range queries reuse their
 * settled steps and ask Prometheus only for the newest ones ({@code extents.StepExtentCache}, Cortex/Mimir-style
 * extents), so a joined or ttl-reused answer there is itself mostly served from memory.
 */
@ApplicationScoped
public class QueryResultsCache {
    private final AsyncCache<String, PrometheusReply> answers;
    private final boolean keepAfterAnswer;
    private final Counter hits;
    private final Counter misses;

    public QueryResultsCache(QueryConfig config, MeterRegistry registry) {
        Duration ttl = config.cache().ttl();
        this.keepAfterAnswer = !ttl.isZero();
        this.answers = Caffeine.newBuilder()
                .expireAfterWrite(keepAfterAnswer ? ttl : Duration.ofDays(1))
                .maximumWeight(config.cache().maxSize().asLongValue())
                .<String, PrometheusReply>weigher((key, reply) -> key.length() + reply.body().length)
                .buildAsync();
        this.hits = Counter.builder("pulseboard.query.cache")
                .tag("result", "hit")
                .description("Query API requests answered from the results cache or by joining an identical one")
                .register(registry);
        this.misses = Counter.builder("pulseboard.query.cache")
                .tag("result", "miss")
                .description("Query API requests sent to Prometheus")
                .register(registry);
    }

    /** The answer to this exact request: shared with identical ones in flight or answered within the ttl. */
    PrometheusReply answer(
            String tenant, String path, List<Map.Entry<String, String>> params, Supplier<PrometheusReply> ask) {
        String key = key(tenant, path, params);
        CompletableFuture<PrometheusReply> mine = new CompletableFuture<>();
        CompletableFuture<PrometheusReply> existing = answers.asMap().putIfAbsent(key, mine);
        if (existing != null) {
            hits.increment();
            try {
                return existing.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof ApiException api ? api : e;
            }
        }
        misses.increment();
        try {
            PrometheusReply reply = ask.get();
            mine.complete(reply);
            if (reply.status() != 200 || !keepAfterAnswer) {
                answers.asMap().remove(key, mine);
            }
            return reply;
        } catch (RuntimeException e) {
            answers.asMap().remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private static String key(String tenant, String path, List<Map.Entry<String, String>> params) {
        StringBuilder key = new StringBuilder(tenant).append('\n').append(path);
        for (Map.Entry<String, String> p : params) {
            key.append('\n').append(p.getKey()).append('=').append(p.getValue());
        }
        return key.toString();
    }
}
