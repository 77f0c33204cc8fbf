package dev.pulseboard.query.promql;

import dev.pulseboard.query.promql.PromQLParser.RangeExprContext;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * The subqueries of a query and the steps they make Prometheus evaluate, so that the points limit applies to what
 * Prometheus evaluates and not only to the points returned: {@code max_over_time(x[30d:1s])} is one point to the caller
 * and 2.6 million evaluations of {@code x} to Prometheus. Prometheus evaluates a subquery {@code [range:step]} once over
 * the whole window it covers: the query's own range (0 for an instant query) plus its range plus the ranges of the
 * subqueries around it, at its step; {@link #steps} is the sum over all subqueries of the query. A subquery without a step uses
 * Prometheus' default evaluation interval (1 m). Pure.
 */
final class SubquerySteps {
    /** Prometheus' global evaluation_interval default, the step of a subquery written without one. */
    static final long DEFAULT_STEP_MS = 60_000;

    private SubquerySteps() {}

    /** Every subquery of {@code node}: the window it spans beyond the query's own range, and its step. */
    static List<RewriteResult.Subquery> of(ParseTree node) {
        List<RewriteResult.Subquery> found = new ArrayList<>();
        collect(node, 0, found);
        return List.copyOf(found);
    }

    private static void collect(ParseTree node, long enclosingMs, List<RewriteResult.Subquery> found) {
        long inner = enclosingMs;
        if (node instanceof RangeExprContext range && range.COLON() != null) {
            long rangeMs = PromQLDuration.millis(range.DURATION(0).getText());
            long stepMs = range.DURATION().size() > 1
                    ? PromQLDuration.millis(range.DURATION(1).getText())
                    : DEFAULT_STEP_MS;
            inner = saturatingAdd(enclosingMs, rangeMs);
            found.add(new RewriteResult.Subquery(inner, stepMs));
        }
        if (node instanceof ParserRuleContext rule && rule.children != null) {
            for (ParseTree child : rule.children) {
                collect(child, inner, found);
            }
        }
    }

    /** The steps all subqueries evaluate together when the query covers {@code queryRangeMs}; 0 without any. */
    static long steps(List<RewriteResult.Subquery> subqueries, long queryRangeMs) {
        long total = 0;
        for (RewriteResult.Subquery s : subqueries) {
            long span = saturatingAdd(queryRangeMs, s.spanMs());
            total = saturatingAdd(total, s.stepMs() <= 0 ? Long.MAX_VALUE : saturatingAdd(span / s.stepMs(), 1));
        }
        return total;
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }
}
