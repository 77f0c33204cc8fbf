package dev.pulseboard.query.extents;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.pulseboard.query.PrometheusReply;
import dev.pulseboard.query.QueryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The step-aligned extent cache of query_range, as the Cortex/Mimir query-frontend's results cache: per tenant, query
 * (already scoped to the tenant) and step, the values of the steps that are settled — no sample can still arrive for
 * them: at or before the time the pipeline has written the store through ({@link StoreProgressFeed}), or, while that
 * is not known, at least {@code settled-after} old — and a request asks Prometheus only for the steps the extent lacks,
 * usually the newest ones; newer steps than the settled boundary are always evaluated fresh. The answer is what
 * Prometheus would have answered for the whole range (see {@link StepExtents#merge}, {@link MatrixJsonCodec}).
 *
 * <p>Memory: one Caffeine cache of at most {@code cache.extents.max-size} estimated bytes for all tenants, least
 * recently used first: a tenant with many or large dashboards can evict other tenants' extents (counted per tenant
 * in {@code pulseboard_query_extents_evictions_total}), never read them, since the tenant is part of every key.
 * Counters: {@code pulseboard_query_extents_steps_total{tenant,result="hit"|"miss"}} (steps served from an extent /
 * evaluated by Prometheus, for requests the cache may answer).
 */
@ApplicationScoped
public class StepExtentCache {
    private final Cache<Key, StepExtents.Extent> extents;
    private final long settledAfterMs;
    private final long maxAgeMs;
    private final boolean enabled;
    private final Clock clock;
    private final Supplier<OptionalLong> writtenThrough;
    private final MeterRegistry registry;

    /** Evaluates the steps {@code from..to} (ms) of the request with Prometheus, through the tenant's limits. */
    @FunctionalInterface
    public interface RangeEvaluation {
        PrometheusReply evaluate(long fromMs, long toMs);
    }

    /** The tenant stays a field of its own, never joined into a string with the query. */
    record Key(String tenant, String query, long stepMs) {}

    @Inject
    public StepExtentCache(QueryConfig config, MeterRegistry registry, StoreProgressFeed progress) {
        this(config.cache().extents(), registry, Clock.systemUTC(), progress::writtenThrough);
    }

    StepExtentCache(
            QueryConfig.Extents config, MeterRegistry registry, Clock clock, Supplier<OptionalLong> writtenThrough) {
        this.settledAfterMs = config.settledAfter().toMillis();
        this.writtenThrough = writtenThrough;
        this.maxAgeMs = config.maxAge().toMillis();
        this.enabled = maxAgeMs > 0 && config.maxSize().asLongValue() > 0;
        this.clock = clock;
        this.registry = registry;
        this.extents = Caffeine.newBuilder()
                .maximumWeight(config.maxSize().asLongValue())
                .weigher((Key k, StepExtents.Extent e) -> weight(k, e))
                .expireAfterWrite(config.maxAge())
                .evictionListener((Key k, StepExtents.Extent e, RemovalCause cause) -> evicted(k, cause))
                .build();
        Gauge.builder(
                        "pulseboard.query.extents.size",
                        extents,
                        c -> c.policy()
                                .eviction()
                                .map(ev -> ev.weightedSize().orElse(0))
                                .orElse(0L))
                .description("Estimated heap bytes of all tenants' cached range-query extents")
                .baseUnit("bytes")
                .register(registry);
    }

    /** Whether the cache may answer this range: on, and start and end multiples of step. */
    public boolean accepts(long startMs, long endMs, long stepMs) {
        return enabled && StepExtents.aligned(startMs, endMs, stepMs);
    }

    /**
     * The answer to the step-aligned range request {@code startMs..endMs} of {@code query} (scoped to {@code tenant})
     * at {@code stepMs}: cached settled steps plus what {@code prometheus} evaluates of the rest. Prometheus' own
     * answer is returned unchanged when it answered the whole range, and any answer but a success matrix is returned
     * as it came.
     */
    public PrometheusReply answer(
            String tenant, String query, long startMs, long endMs, long stepMs, RangeEvaluation prometheus) {
        Key key = new Key(tenant, query, stepMs);
        long now = clock.millis();
        // read before Prometheus is asked: what was written through then is in every answer it gives after
        long settled = StepExtents.settledThrough(now, settledAfterMs, writtenThrough.get());
        StepExtents.StepRange request = new StepExtents.StepRange(startMs, endMs);
        Optional<StepExtents.Extent> extent = Optional.ofNullable(extents.getIfPresent(key));
        StepExtents.Plan plan = StepExtents.plan(extent, request, stepMs, now, maxAgeMs);
        List<StepExtents.Part> parts = new ArrayList<>(plan.fetch().size());
        for (StepExtents.StepRange range : plan.fetch()) {
            PrometheusReply reply = prometheus.evaluate(range.from(), range.to());
            count(tenant, "miss", range.steps(stepMs));
            Optional<RangeMatrix> matrix =
                    reply.status() == 200 ? MatrixJsonCodec.read(reply.body()) : Optional.empty();
            if (matrix.isEmpty()) {
                return reply; // an error, or an answer this cache does not read: as Prometheus sent it
            }
            if (plan.cached().isEmpty()) {
                store(key, matrix.get(), request, settled, stepMs, now);
                return reply;
            }
            parts.add(new StepExtents.Part(range, matrix.get()));
        }
        count(tenant, "hit", plan.cached().orElseThrow().steps(stepMs));
        RangeMatrix merged = StepExtents.merge(extent, plan.cached(), parts);
        store(key, merged, request, settled, stepMs, extent.orElseThrow().createdAt());
        return new PrometheusReply(200, "application/json", MatrixJsonCodec.write(merged));
    }

    private void store(
            Key key, RangeMatrix answer, StepExtents.StepRange request, long settled, long step, long created) {
        long lastSettled = StepExtents.lastSettledStep(settled, step);
        StepExtents.settled(answer, request, lastSettled, created).ifPresent(e -> extents.put(key, e));
    }

    private void count(String tenant, String result, long steps) {
        Counter.builder("pulseboard.query.extents.steps")
                .description("Steps of cacheable range queries served from the extent cache (hit) or evaluated by"
                        + " Prometheus (miss)")
                .tag("tenant", tenant)
                .tag("result", result)
                .register(registry)
                .increment((double) steps);
    }

    private void evicted(Key key, RemovalCause cause) {
        if (cause.wasEvicted()) {
            Counter.builder("pulseboard.query.extents.evictions")
                    .description("Extents dropped for room (cause=size) or age (cause=expired)")
                    .tag("tenant", key.tenant())
                    .tag("cause", cause == RemovalCause.SIZE ? "size" : "expired")
                    .register(registry)
                    .increment();
        }
    }

    /** Estimated heap bytes: key, and per series its labels' JSON and its samples (time, value string, refs). */
    static int weight(Key key, StepExtents.Extent extent) {
        long bytes = 128 + 2L * key.query().length() + 2L * key.tenant().length();
        for (RangeMatrix.Series s : extent.matrix().series()) {
            bytes += 96 + 2L * s.metricJson().length;
            for (String label : s.labels()) {
                bytes += 48 + 2L * label.length();
            }
            for (String v : s.values()) {
                bytes += 8 + 4 + 48 + v.length();
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }
}
