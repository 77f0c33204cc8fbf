package dev.pulseboard.query.extents;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.pulseboard.query.PrometheusReply;
import dev.pulseboard.query.QueryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The step-aligned extent cache of query_range, as the Cortex/Mimir query-frontend's results cache: per tenant, query
 * (already scoped to the tenant) and step, the values of the steps that are settled — no sample can still arrive for
 * them: at or before the time the pipeline has written the store through ({@link StoreProgressFeed}), or, while that
 * is not known, at least {@code settled-after} old — and a request asks Prometheus only for the steps the extent
 * lacks, usually the newest ones. The answer is what Prometheus would have answered for the whole range (see
 * {@link StepExtents#merge}, {@link MatrixJsonCodec}).
 *
 * <p>The newest, unsettled steps: identical parts asked at once are evaluated once, and while the written-through time
 * is known, the answer for unsettled steps is shared by every request for the same steps while that time stays
 * between the same two stamps ({@link #stamp}: the answer holds every sample the store has up to it; at most
 * {@code reuse-for}). Each range query asked again within {@code watch-for} of its last request (a refreshing
 * dashboard's, not a one-off look) is watched until it is not asked for that long: when the written-through time
 * passes a stamp or a new step begins, its missing steps are evaluated in the background ({@link #watch}, at most two
 * workers per tenant, through the tenant's own limits), so that a dashboard's next refresh finds them ready instead of
 * waiting for Prometheus behind other tenants' queries.
 *
 * <p>Memory: one Caffeine cache of at most {@code cache.extents.max-size} estimated bytes for all tenants, least
 * recently used first: a tenant with many or large dashboards can evict other tenants' extents (counted per tenant
 * in {@code pulseboard_query_extents_evictions_total}), never read them, since the tenant is part of every key.
 * Counters: {@code pulseboard_query_extents_steps_total{tenant,result}}: of requests the cache may answer, steps
 * served from an extent ("hit"), from an evaluation of the same steps for another request or the background
 * ("reused"), evaluated by Prometheus for this request ("miss"); steps evaluated in the background ("refreshed").
 * {@code pulseboard_query_extents_refreshes_total{tenant,result}}: background evaluations of watched queries ("done";
 * "skipped" when Prometheus answered with anything but a matrix or the tenant's budget was spent; "failed").
 */
@ApplicationScoped
public class StepExtentCache {
    private static final Logger LOG = Logger.getLogger(StepExtentCache.class);
    /** How often the watched queries are checked for a moved written-through time or a new step. */
    private static final Duration REFRESH_TICK = Duration.ofMillis(50);
    /** Refresh workers at one tenant's watched queries at once (the scheduler's default places per tenant). */
    private static final int WORKERS_PER_TENANT = 2;

    private final Cache<Key, StepExtents.Extent> extents;
    /** Parts of requests being evaluated, and answers for unsettled steps at one written-through time (reuse-for). */
    private final AsyncCache<Fetch, PrometheusReply> fetches;
    /** Per tenant, its watched range queries. */
    private final Map<String, Map<WatchId, Watch>> watches = new ConcurrentHashMap<>();
    /** Per tenant, its watched queries queued for a refresh. */
    private final Map<String, Refreshes> refreshes = new ConcurrentHashMap<>();

    private final long settledAfterMs;
    private final long maxAgeMs;
    private final long reuseForMs;
    private final long watchForMs;
    private final long stampMs;
    private final int maxWatched;
    private final boolean enabled;
    private final Clock clock;
    private final Supplier<OptionalLong> writtenThrough;
    private final Executor refreshWork;
    private final MeterRegistry registry;
    private ScheduledExecutorService checks;
    private ScheduledFuture<?> ticking;

    /** Evaluates the steps {@code from..to} (ms) of the request with Prometheus, through the tenant's limits. */
    @FunctionalInterface
    public interface RangeEvaluation {
        PrometheusReply evaluate(long fromMs, long toMs);
    }

    /** The tenant stays a field of its own, never joined into a string with the query. */
    record Key(String tenant, String query, long stepMs) {}

    /** One part of a request: its steps, and the stamp of the written-through time before it was asked (or NONE). */
    record Fetch(Key key, long fromMs, long toMs, long writtenStampMs) {}

    private static final long NONE = Long.MIN_VALUE;

    /** A watched query: a request's query and step, and its length (end - start). */
    record WatchId(Key key, long lengthMs) {}

    /** A part's answer, and whether it was evaluated for another request. */
    private record Fetched(PrometheusReply reply, boolean shared) {}

    private static final class Watch {
        final WatchId id;
        /** Whether it waits for, or is at, a refresh worker. */
        final AtomicBoolean queued = new AtomicBoolean();

        volatile RangeEvaluation evaluation;
        volatile long askedAt;
        /**
         * Whether it was asked again while watched: only then is it evaluated in the background. A query asked once (a
         * look in Explore, a dashboard left after one load, a variable changed) is not, so it costs no more
         * Prometheus time than its one evaluation.
         */
        volatile boolean askedAgain;
        /** The newest step and written-through time of the last refresh (written by the refresh worker). */
        volatile long refreshedEnd = Long.MIN_VALUE;

        volatile long refreshedThrough = Long.MIN_VALUE;

        Watch(WatchId id) {
            this.id = id;
        }

        boolean due(long end, long written) {
            return end != refreshedEnd || written != refreshedThrough;
        }
    }

    @Inject
    public StepExtentCache(QueryConfig config, MeterRegistry registry, StoreProgressFeed progress) {
        this(
                config.cache().extents(),
                registry,
                Clock.systemUTC(),
                Ticker.systemTicker(),
                progress::writtenThrough,
                Executors.newFixedThreadPool(config.scheduler().maxInFlight(), daemon("extent-refresh")));
        if (enabled && watchForMs > 0) {
            checks = Executors.newSingleThreadScheduledExecutor(daemon("extent-refresh-check"));
            ticking = checks.scheduleWithFixedDelay(
                    this::refreshDue, REFRESH_TICK.toMillis(), REFRESH_TICK.toMillis(), TimeUnit.MILLISECONDS);
            progress.onRecord(this::refreshDue); // a moved time is seen at once, not at the next check
        }
    }

    StepExtentCache(
            QueryConfig.Extents config,
            MeterRegistry registry,
            Clock clock,
            Ticker ticker,
            Supplier<OptionalLong> writtenThrough,
            Executor refreshWork) {
        this.settledAfterMs = config.settledAfter().toMillis();
        this.writtenThrough = writtenThrough;
        this.maxAgeMs = config.maxAge().toMillis();
        this.reuseForMs = config.reuseFor().toMillis();
        this.watchForMs = config.watchFor().toMillis();
        this.stampMs = config.stampEvery().toMillis();
        this.maxWatched = config.maxWatchedPerTenant();
        this.enabled = maxAgeMs > 0 && config.maxSize().asLongValue() > 0;
        this.clock = clock;
        this.refreshWork = refreshWork;
        this.registry = registry;
        this.extents = Caffeine.newBuilder()
                .ticker(ticker)
                .maximumWeight(config.maxSize().asLongValue())
                .weigher((Key k, StepExtents.Extent e) -> weight(k, e))
                .expireAfterWrite(config.maxAge())
                .evictionListener((Key k, StepExtents.Extent e, RemovalCause cause) -> evicted(k, cause))
                .build();
        this.fetches = Caffeine.newBuilder()
                .ticker(ticker)
                .maximumWeight(Math.max(1, config.maxSize().asLongValue() / 4))
                .weigher((Fetch f, PrometheusReply r) -> 64 + r.body().length)
                .expireAfterWrite(reuseForMs > 0 ? config.reuseFor() : Duration.ofDays(1))
                .buildAsync();
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

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @PreDestroy
    void close() {
        if (checks != null) {
            ticking.cancel(false);
            checks.shutdownNow();
        }
        if (refreshWork instanceof ExecutorService pool) {
            pool.shutdownNow();
        }
    }

    /** Whether the cache may answer this range: on, and start and end multiples of step. */
    public boolean accepts(long startMs, long endMs, long stepMs) {
        return enabled && StepExtents.aligned(startMs, endMs, stepMs);
    }

    /**
     * Watches the step-aligned range query {@code query} of {@code tenant} for {@code watch-for}: once it is asked
     * again within that time, and while it keeps being asked, the newest steps of the same length of range ending at
     * the newest step are evaluated with {@code background} whenever the written-through time moves or a new step
     * begins. {@code background} must
     * apply the tenant's limits as they are when it runs, and answer anything but 200 when the tenant may not use
     * Prometheus now (its budget spent): that answer is never shared with a request. At most
     * {@code max-watched-per-tenant} queries per tenant are watched; others are answered as usual.
     */
    public void watch(String tenant, String query, long startMs, long endMs, long stepMs, RangeEvaluation background) {
        if (!enabled || watchForMs <= 0) {
            return;
        }
        WatchId id = new WatchId(new Key(tenant, query, stepMs), endMs - startMs);
        long now = clock.millis();
        watches.compute(tenant, (t, mine) -> {
            Map<WatchId, Watch> m = mine == null ? new ConcurrentHashMap<>() : mine;
            Watch w = m.get(id);
            if (w != null) {
                w.askedAgain = true;
            } else if (m.size() < maxWatched) {
                w = new Watch(id);
                m.put(id, w);
            }
            if (w != null) {
                w.evaluation = background;
                w.askedAt = now;
            }
            return m.isEmpty() ? null : m;
        });
    }

    /**
     * One check of the watched queries (every 50 ms, and whenever the written-through time is read anew): drops those
     * not asked for {@code watch-for}, and queues those asked again with a new step or a moved written-through time
     * for the refresh workers, per tenant, where at most {@link #WORKERS_PER_TENANT} workers take them in turn (so one tenant's
     * many watched queries do not hold every worker). Nothing is refreshed while the written-through time is not known.
     */
    void refreshDue() {
        try {
            long now = clock.millis();
            OptionalLong written = writtenThrough.get();
            for (String tenant : List.copyOf(watches.keySet())) {
                List<Watch> due = new ArrayList<>();
                watches.computeIfPresent(tenant, (t, mine) -> {
                    mine.values().removeIf(w -> now - w.askedAt > watchForMs);
                    if (written.isPresent()) {
                        for (Watch w : mine.values()) {
                            long step = w.id.key().stepMs();
                            if (w.askedAgain && w.due(now - Math.floorMod(now, step), stamp(written.getAsLong()))) {
                                due.add(w);
                            }
                        }
                    }
                    return mine.isEmpty() ? null : mine;
                });
                Refreshes queue = refreshes.computeIfAbsent(tenant, t -> new Refreshes());
                if (due.isEmpty() && !watches.containsKey(tenant) && queue.workers.get() == 0) {
                    refreshes.remove(tenant, queue);
                }
                for (Watch w : due) {
                    if (w.queued.compareAndSet(false, true)) {
                        queue.due.add(w);
                    }
                }
                while (!queue.due.isEmpty() && queue.startWorker()) {
                    refreshWork.execute(() -> queue.work(this::refresh));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Checking the watched range queries failed; retrying at the next check", e);
        }
    }

    /** One tenant's watched queries waiting for a refresh worker, and how many workers are at them. */
    private static final class Refreshes {
        final ConcurrentLinkedQueue<Watch> due = new ConcurrentLinkedQueue<>();
        final AtomicInteger workers = new AtomicInteger();

        boolean startWorker() {
            int n = workers.get();
            return n < WORKERS_PER_TENANT && workers.compareAndSet(n, n + 1);
        }

        /** Refreshes queued watches until none is left (one left behind at the end is taken at the next check). */
        void work(Consumer<Watch> refresh) {
            try {
                for (Watch w = due.poll(); w != null; w = due.poll()) {
                    try {
                        refresh.accept(w);
                    } finally {
                        w.queued.set(false);
                    }
                }
            } finally {
                workers.decrementAndGet();
            }
        }
    }

    /** Evaluates what the watched query's next refresh would ask Prometheus for, if anything. */
    private void refresh(Watch w) {
        long now = clock.millis();
        OptionalLong written = writtenThrough.get();
        Key key = w.id.key();
        long step = key.stepMs();
        long end = now - Math.floorMod(now, step);
        if (written.isEmpty()) {
            return;
        }
        long stamp = stamp(written.getAsLong());
        if (!w.due(end, stamp)) {
            return;
        }
        w.refreshedEnd = end;
        w.refreshedThrough = stamp;
        long start = end - w.id.lengthMs();
        StepExtents.Plan plan = StepExtents.plan(
                Optional.ofNullable(extents.getIfPresent(key)),
                new StepExtents.StepRange(start, end),
                step,
                now,
                maxAgeMs);
        if (plan.fetch().stream().allMatch(r -> ready(key, r, stamp))) {
            return;
        }
        String result;
        try {
            result = answer(key.tenant(), key.query(), start, end, step, w.evaluation, true)
                                    .status()
                            == 200
                    ? "done"
                    : "skipped";
        } catch (RuntimeException e) {
            LOG.debugf(e, "Background evaluation of a watched query of tenant %s failed", key.tenant());
            result = "failed";
        }
        Counter.builder("pulseboard.query.extents.refreshes")
                .description("Background evaluations of the newest steps of watched range queries")
                .tag("tenant", key.tenant())
                .tag("result", result)
                .register(registry)
                .increment();
    }

    /**
     * The newest stamp at or before the written-through time {@code written}: the store holds samples stamped only on
     * the {@code stamp-every} grid (at its last millisecond), so its content up to {@code written} is that up to the
     * stamp, and an answer asked at any written-through time with the same stamp holds the same samples.
     */
    long stamp(long written) {
        return stampMs <= 1 ? written : written - Math.floorMod(written + 1, stampMs);
    }

    /** Whether an answer for these steps at this written-through time is kept (or being evaluated). */
    private boolean ready(Key key, StepExtents.StepRange range, long written) {
        return fetches.getIfPresent(new Fetch(key, range.from(), range.to(), written)) != null;
    }

    /**
     * The answer to the step-aligned range request {@code startMs..endMs} of {@code query} (scoped to {@code tenant})
     * at {@code stepMs}: cached settled steps plus what {@code prometheus} evaluates of the rest (or an evaluation of
     * the same unsettled steps at the same written-through time gave). Prometheus' own answer is returned unchanged
     * when it answered the whole range, and any answer but a success matrix is returned as it came.
     */
    public PrometheusReply answer(
            String tenant, String query, long startMs, long endMs, long stepMs, RangeEvaluation prometheus) {
        return answer(tenant, query, startMs, endMs, stepMs, prometheus, false);
    }

    /** As {@link #answer}; a background evaluation counts only the steps it had evaluated (result="refreshed"). */
    private PrometheusReply answer(
            String tenant,
            String query,
            long startMs,
            long endMs,
            long stepMs,
            RangeEvaluation prometheus,
            boolean background) {
        Key key = new Key(tenant, query, stepMs);
        long now = clock.millis();
        // read before Prometheus is asked: what was written through then is in every answer it gives after
        OptionalLong written = writtenThrough.get();
        long settled = StepExtents.settledThrough(now, settledAfterMs, written);
        long lastSettled = StepExtents.lastSettledStep(settled, stepMs);
        long stamp = written.isPresent() ? stamp(written.getAsLong()) : NONE;
        StepExtents.StepRange request = new StepExtents.StepRange(startMs, endMs);
        Optional<StepExtents.Extent> extent = Optional.ofNullable(extents.getIfPresent(key));
        StepExtents.Plan plan = StepExtents.plan(extent, request, stepMs, now, maxAgeMs);
        List<StepExtents.Part> parts = new ArrayList<>(plan.fetch().size());
        for (StepExtents.StepRange range : plan.fetch()) {
            Fetched fetched = fetch(key, range, lastSettled, stamp, prometheus);
            if (!fetched.shared()) {
                count(tenant, background ? "refreshed" : "miss", range.steps(stepMs));
            } else if (!background) {
                count(tenant, "reused", range.steps(stepMs));
            }
            PrometheusReply reply = fetched.reply();
            Optional<RangeMatrix> matrix =
                    reply.status() == 200 ? MatrixJsonCodec.read(reply.body()) : Optional.empty();
            if (matrix.isEmpty()) {
                return reply; // an error, or an answer this cache does not read: as Prometheus sent it
            }
            if (!fetched.shared() && range.contains(lastSettled) && range.to() > lastSettled) {
                keepUnsettled(key, range.to(), lastSettled, stamp, reply.contentType(), matrix.get());
            }
            if (plan.cached().isEmpty()) {
                store(key, matrix.get(), request, lastSettled, now);
                return reply;
            }
            parts.add(new StepExtents.Part(range, matrix.get()));
        }
        if (!background) {
            count(tenant, "hit", plan.cached().orElseThrow().steps(stepMs));
        }
        RangeMatrix merged = StepExtents.merge(extent, plan.cached(), parts);
        store(key, merged, request, lastSettled, extent.orElseThrow().createdAt());
        return new PrometheusReply(200, "application/json", MatrixJsonCodec.write(merged));
    }

    /**
     * Prometheus' answer for the steps {@code range}, shared: a request for the same steps while they are being
     * evaluated waits for that answer, and an answer for steps after the last settled one is kept for reuse-for under
     * the written-through time read before it was asked (when known), so every request at that time gets it. Only
     * successful answers are shared; a request that finds another's refusal or failure asks for itself.
     */
    private Fetched fetch(
            Key key, StepExtents.StepRange range, long lastSettled, long stamp, RangeEvaluation prometheus) {
        boolean keep = reuseForMs > 0 && stamp != NONE && range.from() > lastSettled;
        Fetch id = new Fetch(key, range.from(), range.to(), stamp);
        CompletableFuture<PrometheusReply> mine = new CompletableFuture<>();
        CompletableFuture<PrometheusReply> existing = fetches.asMap().putIfAbsent(id, mine);
        if (existing != null) {
            Optional<PrometheusReply> shared = succeeded(existing);
            return shared.isPresent()
                    ? new Fetched(shared.get(), true)
                    : new Fetched(prometheus.evaluate(range.from(), range.to()), false);
        }
        try {
            PrometheusReply reply = prometheus.evaluate(range.from(), range.to());
            mine.complete(reply);
            if (!keep || reply.status() != 200) {
                fetches.asMap().remove(id, mine);
            }
            return new Fetched(reply, false);
        } catch (RuntimeException e) {
            fetches.asMap().remove(id, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /**
     * Of an answer for settled and unsettled steps (a new step began as the last one settled), keeps the unsettled
     * steps up to {@code to} as the answer for just them, which the next refresh asks for at the same stamp.
     */
    private void keepUnsettled(Key key, long to, long lastSettled, long stamp, String contentType, RangeMatrix answer) {
        if (reuseForMs <= 0
                || stamp == NONE
                || !answer.warnings().isEmpty()
                || !answer.infos().isEmpty()) {
            return;
        }
        StepExtents.StepRange unsettled = new StepExtents.StepRange(lastSettled + key.stepMs(), to);
        byte[] body = MatrixJsonCodec.write(StepExtents.slice(answer, unsettled));
        fetches.asMap()
                .putIfAbsent(
                        new Fetch(key, unsettled.from(), unsettled.to(), stamp),
                        CompletableFuture.completedFuture(new PrometheusReply(200, contentType, body)));
    }

    private static Optional<PrometheusReply> succeeded(CompletableFuture<PrometheusReply> answer) {
        try {
            PrometheusReply reply = answer.join();
            return reply.status() == 200 ? Optional.of(reply) : Optional.empty();
        } catch (CompletionException | CancellationException e) {
            return Optional.empty();
        }
    }

    private void store(Key key, RangeMatrix answer, StepExtents.StepRange request, long lastSettled, long created) {
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
