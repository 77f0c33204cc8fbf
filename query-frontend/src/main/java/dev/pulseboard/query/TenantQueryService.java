package dev.pulseboard.query;

import dev.pulseboard.contract.errors.ApiException;
import dev.pulseboard.contract.limits.OverridesFeed;
import dev.pulseboard.query.extents.StepExtentCache;
import dev.pulseboard.query.promql.QueryRejectReason;
import dev.pulseboard.query.promql.QueryRejection;
import dev.pulseboard.query.promql.RewriteResult;
import dev.pulseboard.query.promql.TenantQueryRewriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The read path for one already authenticated tenant: check limits, scope every query and match[] selector to the
 * tenant, forward to Prometheus with a parameter list built here (an allowlist per endpoint), and return
 * Prometheus' answer. Endpoints without match[] get {@code match[]={tenant="<tenant>"}} so label names and values
 * never come from other tenants' series.
 */
@ApplicationScoped
public class TenantQueryService {
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final String MATCH = "match[]";
    private static final String QUERY_RANGE = "/api/v1/query_range";
    /** What a background evaluation answers when the tenant may not use Prometheus now (never shared with requests). */
    private static final PrometheusReply NOT_NOW = new PrometheusReply(429, "text/plain", new byte[0]);

    private final TenantQueryRewriter rewriter = new TenantQueryRewriter();
    private final OverridesFeed<QueryLimits> limits;
    private final PrometheusClient prometheus;
    private final QueryMetrics metrics;
    private final QueryConcurrency concurrency;
    private final QueryResultsCache cache;
    private final QueryScheduler scheduler;
    private final StepExtentCache extents;

    public TenantQueryService(
            OverridesFeed<QueryLimits> limits,
            PrometheusClient prometheus,
            QueryMetrics metrics,
            QueryConcurrency concurrency,
            QueryResultsCache cache,
            QueryScheduler scheduler,
            StepExtentCache extents) {
        this.limits = limits;
        this.prometheus = prometheus;
        this.metrics = metrics;
        this.concurrency = concurrency;
        this.cache = cache;
        this.scheduler = scheduler;
        this.extents = extents;
    }

    public PrometheusReply instant(String tenant, MultivaluedMap<String, String> in) {
        QueryLimits l = admitted(tenant);
        List<Map.Entry<String, String>> out = new ArrayList<>();
        out.add(Map.entry(
                "query",
                scopedQuery(tenant, in.getFirst("query"), Duration.ZERO, l).query()));
        time(tenant, in, "time").ifPresent(t -> out.add(Map.entry("time", PrometheusParams.format(t))));
        out.add(Map.entry("timeout", timeout(in, l)));
        return post(tenant, l, "/api/v1/query", out);
    }

    public PrometheusReply range(String tenant, MultivaluedMap<String, String> in) {
        QueryLimits l = admitted(tenant);
        Instant start = required(tenant, "start", time(tenant, in, "start"));
        Instant end = required(tenant, "end", time(tenant, in, "end"));
        Duration step = required(tenant, "step", duration(tenant, in, "step"));
        check(tenant, QueryLimitChecker.range(tenant, Optional.of(start), Optional.of(end), Optional.of(step), l));
        Duration range = end.isBefore(start) ? Duration.ZERO : Duration.between(start, end);
        RewriteResult.Rewritten scoped = scopedQuery(tenant, in.getFirst("query"), range, l);
        String query = scoped.query();
        String timeout = timeout(in, l);
        String path = QUERY_RANGE;
        long startMs = start.toEpochMilli();
        long endMs = end.toEpochMilli();
        if (l.extentCache() && scoped.stepLocal() && extents.accepts(startMs, endMs, step.toMillis())) {
            extents.watch(
                    tenant,
                    query,
                    startMs,
                    endMs,
                    step.toMillis(),
                    (from, to) -> refreshed(tenant, query, from, to, step));
            // below the joining of identical requests: viewers refreshing together still cost one evaluation
            return cache.answer(
                    tenant,
                    path,
                    rangeParams(query, start, end, step, timeout),
                    () -> extents.answer(tenant, query, startMs, endMs, step.toMillis(), (from, to) -> {
                        List<Map.Entry<String, String>> part =
                                rangeParams(query, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), step, timeout);
                        return inSlot(tenant, l, left -> prometheus.post(path, part, left));
                    }));
        }
        return post(tenant, l, path, rangeParams(query, start, end, step, timeout));
    }

    /**
     * A background evaluation of a watched range query's newest steps, under the tenant's limits as they are now: not
     * asked (429) while the tenant's Prometheus budget is spent or its extent cache is switched off, so that watching
     * never takes Prometheus time a tenant's own requests would be refused.
     */
    private PrometheusReply refreshed(String tenant, String query, long fromMs, long toMs, Duration step) {
        QueryLimits l = limits.limitsFor(tenant);
        if (!l.extentCache() || scheduler.debtNanos(tenant, l.evalTimePerSecond()) > 0) {
            return NOT_NOW;
        }
        List<Map.Entry<String, String>> part = rangeParams(
                query,
                Instant.ofEpochMilli(fromMs),
                Instant.ofEpochMilli(toMs),
                step,
                l.timeout().toMillis() + "ms");
        return inSlot(tenant, l, left -> prometheus.post(QUERY_RANGE, part, left));
    }

    private static List<Map.Entry<String, String>> rangeParams(
            String query, Instant start, Instant end, Duration step, String timeout) {
        return List.of(
                Map.entry("query", query),
                Map.entry("start", PrometheusParams.format(start)),
                Map.entry("end", PrometheusParams.format(end)),
                Map.entry("step", PrometheusParams.format(step)),
                Map.entry("timeout", timeout));
    }

    public PrometheusReply series(String tenant, MultivaluedMap<String, String> in) {
        QueryLimits l = admitted(tenant);
        return post(tenant, l, "/api/v1/series", lookupParams(tenant, in, l));
    }

    public PrometheusReply labels(String tenant, MultivaluedMap<String, String> in) {
        QueryLimits l = admitted(tenant);
        return post(tenant, l, "/api/v1/labels", lookupParams(tenant, in, l));
    }

    public PrometheusReply labelValues(String tenant, String name, MultivaluedMap<String, String> in) {
        QueryLimits l = admitted(tenant);
        if (name == null || !LABEL_NAME.matcher(name).matches()) {
            throw reject(tenant, QueryRejection.of(QueryRejectReason.INVALID, "'" + name + "' is not a label name"));
        }
        String path = "/api/v1/label/" + name + "/values";
        List<Map.Entry<String, String>> out = lookupParams(tenant, in, l);
        return cache.answer(tenant, path, out, () -> inSlot(tenant, l, left -> prometheus.get(path, out, left)));
    }

    /** Prometheus' /api/v1/status/buildinfo as it is: versions only, nothing of any tenant. */
    public PrometheusReply buildInfo(String tenant) {
        QueryLimits l = admitted(tenant);
        return inSlot(tenant, l, left -> prometheus.get("/api/v1/status/buildinfo", List.of(), left));
    }

    /** The answer of an identical recent request, or Prometheus' answer in one of the tenant's slots. */
    private PrometheusReply post(String tenant, QueryLimits l, String path, List<Map.Entry<String, String>> out) {
        return cache.answer(tenant, path, out, () -> inSlot(tenant, l, left -> prometheus.post(path, out, left)));
    }

    /**
     * The tenant's limits, once it is clear that its budget of Prometheus time lets it in: a tenant that could not
     * start within its timeout is refused before anything is parsed, so that a client retrying without pause costs
     * little (the scheduler decides again when the request is at Prometheus' door).
     */
    private QueryLimits admitted(String tenant) {
        QueryLimits l = limits.limitsFor(tenant);
        long debtNanos = scheduler.debtNanos(tenant, l.evalTimePerSecond());
        if (debtNanos > l.timeout().toNanos()) {
            throw overBudget(tenant, l, debtNanos);
        }
        return l;
    }

    private ApiException overBudget(String tenant, QueryLimits l, long debtNanos) {
        long seconds = Math.max(1, (debtNanos + 999_999_999L) / 1_000_000_000L);
        return reject(
                        tenant,
                        QueryRejection.of(
                                QueryRejectReason.TIME_LIMITED,
                                "this tenant's queries have used its Prometheus time (limit query_eval_ms_per_second: "
                                        + l.evalTimePerSecond().toMillis() + " ms per second) for the next " + seconds
                                        + " s; retry then"))
                .retryAfter(Duration.ofSeconds(seconds));
    }

    /**
     * Asks Prometheus in one of the tenant's query_max_concurrent slots, or refuses with 429 when all are taken. The
     * tenant's timeout bounds the wait for a place and the answer together: {@code call} gets what is left of it after
     * the wait, so the frontend answers within the timeout plus the client's grace however long the request queued,
     * and its caller (tenant-service, Grafana) sees this service's own refusal instead of giving up first.
     */
    private PrometheusReply inSlot(String tenant, QueryLimits l, Function<Duration, PrometheusReply> call) {
        if (!concurrency.tryAcquire(tenant, l.maxConcurrent())) {
            throw reject(
                            tenant,
                            QueryRejection.of(
                                    QueryRejectReason.CONCURRENCY_LIMITED,
                                    "this tenant already has " + l.maxConcurrent()
                                            + " queries running (limit query_max_concurrent); retry in a moment"))
                    .retryAfter(Duration.ofSeconds(1));
        }
        try {
            long asked = System.nanoTime();
            QueryScheduler.Admission admission = scheduler.acquire(tenant, l.evalTimePerSecond(), l.timeout());
            if (admission == QueryScheduler.Admission.OVER_BUDGET) {
                throw overBudget(tenant, l, scheduler.debtNanos(tenant));
            }
            if (admission == QueryScheduler.Admission.TIMED_OUT) {
                throw QueryRejectReason.BACKEND_UNAVAILABLE
                        .exception("the metrics store is busy with other queries; retry later")
                        .retryAfter(Duration.ofSeconds(1));
            }
            long started = System.nanoTime();
            Duration left = l.timeout().minusNanos(started - asked);
            try {
                return call.apply(left.isNegative() ? Duration.ZERO : left);
            } finally {
                long atPrometheus = System.nanoTime() - started;
                scheduler.release(tenant, Duration.ofNanos(atPrometheus));
                metrics.atPrometheus(tenant, atPrometheus);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw QueryRejectReason.BACKEND_UNAVAILABLE.exception("the query was interrupted");
        } finally {
            concurrency.release(tenant);
        }
    }

    /**
     * match[] (each scoped; the tenant's own series when none is given), start, end — checked against max-range. Without
     * a start, the lookup covers max-range back from its end (now when absent), where Prometheus would scan all time.
     */
    private List<Map.Entry<String, String>> lookupParams(
            String tenant, MultivaluedMap<String, String> in, QueryLimits l) {
        Instant end = time(tenant, in, "end").orElseGet(Instant::now);
        Optional<Instant> start = time(tenant, in, "start")
                .or(() -> l.maxRange().isZero() ? Optional.empty() : Optional.of(end.minus(l.maxRange())));
        check(tenant, QueryLimitChecker.range(tenant, start, Optional.of(end), Optional.empty(), l));
        List<Map.Entry<String, String>> out = new ArrayList<>();
        List<String> matchers = in.getOrDefault(MATCH, List.of());
        for (String matcher : matchers) {
            check(tenant, QueryLimitChecker.length(tenant, matcher, l));
            out.add(Map.entry(MATCH, scoped(tenant, rewriter.rewriteSeriesMatcher(matcher, tenant))));
        }
        if (matchers.isEmpty()) {
            out.add(Map.entry(MATCH, rewriter.allSeriesOf(tenant)));
        }
        start.ifPresent(t -> out.add(Map.entry("start", PrometheusParams.format(t))));
        out.add(Map.entry("end", PrometheusParams.format(end)));
        return out;
    }

    /** The query scoped to the tenant, refused when a subquery evaluates more steps over {@code range} than allowed. */
    private RewriteResult.Rewritten scopedQuery(String tenant, String query, Duration range, QueryLimits l) {
        if (query == null) {
            throw reject(tenant, QueryRejection.of(QueryRejectReason.INVALID, "the query parameter is missing"));
        }
        check(tenant, QueryLimitChecker.length(tenant, query, l));
        RewriteResult result = rewriter.rewriteQuery(query, tenant);
        scoped(tenant, result);
        RewriteResult.Rewritten rewritten = (RewriteResult.Rewritten) result;
        check(tenant, QueryLimitChecker.subquerySteps(tenant, rewritten.subquerySteps(range.toMillis()), l));
        return rewritten;
    }

    private String scoped(String tenant, RewriteResult result) {
        if (result instanceof RewriteResult.Rejected rejected) {
            throw reject(tenant, rejected.rejection());
        }
        return ((RewriteResult.Rewritten) result).query();
    }

    private Optional<Instant> time(String tenant, MultivaluedMap<String, String> in, String name) {
        try {
            return PrometheusParams.time(name, in.getFirst(name));
        } catch (IllegalArgumentException e) {
            throw reject(tenant, QueryRejection.of(QueryRejectReason.INVALID, e.getMessage()));
        }
    }

    private Optional<Duration> duration(String tenant, MultivaluedMap<String, String> in, String name) {
        try {
            return PrometheusParams.duration(name, in.getFirst(name));
        } catch (IllegalArgumentException e) {
            throw reject(tenant, QueryRejection.of(QueryRejectReason.INVALID, e.getMessage()));
        }
    }

    private <T> T required(String tenant, String name, Optional<T> value) {
        return value.orElseThrow(() ->
                reject(tenant, QueryRejection.of(QueryRejectReason.INVALID, "the " + name + " parameter is missing")));
    }

    private void check(String tenant, Optional<QueryRejection> rejection) {
        if (rejection.isPresent()) {
            throw reject(tenant, rejection.get());
        }
    }

    /** The refusal as the caller gets it, counted in pulseboard_query_rejected_total (also TenantMetadataService's). */
    ApiException reject(String tenant, QueryRejection r) {
        metrics.rejected(tenant, r.reason());
        String where = r.hasPosition() ? r.line() + ":" + r.column() + ": " : "";
        ApiException e = r.reason().exception(where + r.message());
        return r.hasPosition() ? e.with("position", Map.of("line", r.line(), "column", r.column())) : e;
    }

    /** The client's timeout if it is smaller than the tenant's, else the tenant's (also when unreadable); in ms. */
    private static String timeout(MultivaluedMap<String, String> in, QueryLimits l) {
        Duration asked;
        try {
            asked = PrometheusParams.duration("timeout", in.getFirst("timeout")).orElse(l.timeout());
        } catch (IllegalArgumentException e) {
            asked = l.timeout();
        }
        Duration effective = asked.isNegative() || asked.compareTo(l.timeout()) > 0 ? l.timeout() : asked;
        return effective.toMillis() + "ms";
    }
}
