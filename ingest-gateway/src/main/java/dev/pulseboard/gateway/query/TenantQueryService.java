package dev.pulseboard.gateway.query;

import dev.pulseboard.gateway.api.ApiException;
import dev.pulseboard.gateway.query.promql.QueryRejectReason;
import dev.pulseboard.gateway.query.promql.QueryRejection;
import dev.pulseboard.gateway.query.promql.RewriteResult;
import dev.pulseboard.gateway.query.promql.TenantQueryRewriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    private final TenantQueryRewriter rewriter = new TenantQueryRewriter();
    private final ConfiguredQueryLimits limits;
    private final PrometheusClient prometheus;
    private final QueryMetrics metrics;

    public TenantQueryService(ConfiguredQueryLimits limits, PrometheusClient prometheus, QueryMetrics metrics) {
        this.limits = limits;
        this.prometheus = prometheus;
        this.metrics = metrics;
    }

    public PrometheusReply instant(String tenant, MultivaluedMap<String, String> in) {
        QueryLimits l = limits.limitsFor(tenant);
        List<Map.Entry<String, String>> out = new ArrayList<>();
        out.add(Map.entry("query", scopedQuery(tenant, in.getFirst("query"), l)));
        copy(in, out, "time");
        out.add(Map.entry("timeout", timeout(in, l)));
        return prometheus.post("/api/v1/query", out, l.timeout());
    }

    public PrometheusReply range(String tenant, MultivaluedMap<String, String> in) {
        QueryLimits l = limits.limitsFor(tenant);
        String query = scopedQuery(tenant, in.getFirst("query"), l);
        check(
                tenant,
                QueryLimitChecker.range(
                        tenant,
                        PrometheusParams.time(in.getFirst("start")),
                        PrometheusParams.time(in.getFirst("end")),
                        PrometheusParams.duration(in.getFirst("step")),
                        l));
        List<Map.Entry<String, String>> out = new ArrayList<>();
        out.add(Map.entry("query", query));
        copy(in, out, "start", "end", "step");
        out.add(Map.entry("timeout", timeout(in, l)));
        return prometheus.post("/api/v1/query_range", out, l.timeout());
    }

    public PrometheusReply series(String tenant, MultivaluedMap<String, String> in) {
        QueryLimits l = limits.limitsFor(tenant);
        return prometheus.post("/api/v1/series", lookupParams(tenant, in, l), l.timeout());
    }

    public PrometheusReply labels(String tenant, MultivaluedMap<String, String> in) {
        QueryLimits l = limits.limitsFor(tenant);
        return prometheus.post("/api/v1/labels", lookupParams(tenant, in, l), l.timeout());
    }

    public PrometheusReply labelValues(String tenant, String name, MultivaluedMap<String, String> in) {
        QueryLimits l = limits.limitsFor(tenant);
        if (name == null || !LABEL_NAME.matcher(name).matches()) {
            throw reject(tenant, QueryRejection.of(QueryRejectReason.INVALID, "'" + name + "' is not a label name"));
        }
        return prometheus.get("/api/v1/label/" + name + "/values", lookupParams(tenant, in, l), l.timeout());
    }

    /** match[] (each scoped; the tenant's own series when none is given), start, end — checked against max-range. */
    private List<Map.Entry<String, String>> lookupParams(
            String tenant, MultivaluedMap<String, String> in, QueryLimits l) {
        check(
                tenant,
                QueryLimitChecker.range(
                        tenant,
                        PrometheusParams.time(in.getFirst("start")),
                        PrometheusParams.time(in.getFirst("end")),
                        Optional.empty(),
                        l));
        List<Map.Entry<String, String>> out = new ArrayList<>();
        List<String> matchers = in.getOrDefault(MATCH, List.of());
        for (String matcher : matchers) {
            check(tenant, QueryLimitChecker.length(tenant, matcher, l));
            out.add(Map.entry(MATCH, scoped(tenant, rewriter.rewriteSeriesMatcher(matcher, tenant))));
        }
        if (matchers.isEmpty()) {
            out.add(Map.entry(MATCH, rewriter.allSeriesOf(tenant)));
        }
        copy(in, out, "start", "end");
        return out;
    }

    private String scopedQuery(String tenant, String query, QueryLimits l) {
        if (query == null) {
            throw reject(tenant, QueryRejection.of(QueryRejectReason.INVALID, "the query parameter is missing"));
        }
        check(tenant, QueryLimitChecker.length(tenant, query, l));
        return scoped(tenant, rewriter.rewriteQuery(query, tenant));
    }

    private String scoped(String tenant, RewriteResult result) {
        if (result instanceof RewriteResult.Rejected rejected) {
            throw reject(tenant, rejected.rejection());
        }
        return ((RewriteResult.Rewritten) result).query();
    }

    private void check(String tenant, Optional<QueryRejection> rejection) {
        if (rejection.isPresent()) {
            throw reject(tenant, rejection.get());
        }
    }

    private ApiException reject(String tenant, QueryRejection r) {
        metrics.rejected(tenant, r.reason());
        String where = r.hasPosition() ? r.line() + ":" + r.column() + ": " : "";
        ApiException e = new ApiException(r.reason().kind(), r.reason().errorId(), where + r.message());
        return r.hasPosition() ? e.with("position", Map.of("line", r.line(), "column", r.column())) : e;
    }

    /** The client's timeout if it is smaller than the tenant's, else the tenant's; sent in milliseconds. */
    private static String timeout(MultivaluedMap<String, String> in, QueryLimits l) {
        Duration asked = PrometheusParams.duration(in.getFirst("timeout")).orElse(l.timeout());
        Duration effective = asked.isNegative() || asked.compareTo(l.timeout()) > 0 ? l.timeout() : asked;
        return effective.toMillis() + "ms";
    }

    private static void copy(MultivaluedMap<String, String> in, List<Map.Entry<String, String>> out, String... names) {
        for (String name : names) {
            String value = in.getFirst(name);
            if (value != null) {
                out.add(Map.entry(name, value));
            }
        }
    }
}
