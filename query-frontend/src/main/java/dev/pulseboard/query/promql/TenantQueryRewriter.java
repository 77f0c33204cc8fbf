package dev.pulseboard.query.promql;

import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.query.promql.PromQLParser.LabelMatcherContext;
import dev.pulseboard.query.promql.PromQLParser.VectorSelectorContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.TokenStreamRewriter;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * Scopes a PromQL query to one tenant: every vector selector, wherever it sits (function and aggregation
 * arguments, subqueries, both sides of binary operators, {@code match[]} selectors), gets the matcher
 * {@code tenant="<tenant>"}. The query is re-printed from its token stream, so strings, escapes, whitespace
 * and comments come out exactly as the caller wrote them; only the tenant matchers are added.
 *
 * <p>Why this is enough: in PromQL only vector selectors read stored series. Everything else is computed from
 * their results or from literals. So once every selector carries {@code tenant="a"}:
 * <ul>
 *   <li>{@code {__name__=~".+"}} or {@code {tenant=~".*"}}-style wildcards select only tenant a's series
 *       (and the latter is refused anyway, see below);</li>
 *   <li>{@code x or vector(1)} adds a literal, never another tenant's data;</li>
 *   <li>{@code label_replace(x, "tenant", "b", "", "")} only relabels tenant a's own result: the output claims
 *       tenant="b" but carries a's values. It cannot read b's series, because reading happens in the selector
 *       inside it, which is scoped. The same holds for count_values("tenant", ...) and label_join.</li>
 * </ul>
 * A matcher on the {@code tenant} label other than exactly {@code tenant="<own tenant>"} (written literally)
 * is refused as {@link QueryRejectReason#OTHER_TENANT}: a query that names, negates or pattern-matches tenants
 * is either a mistake or a probe, and answering it silently with an empty result would hide both.
 *
 * <p>Pure and thread-safe; no I/O.
 */
public final class TenantQueryRewriter {
    private static final String TENANT_LABEL = "tenant";

    /** Parses {@code query} as a full PromQL expression and scopes it to {@code tenant}. */
    public RewriteResult rewriteQuery(String query, String tenant) {
        requireValid(tenant);
        try {
            return DeepQueries.run(query, () -> scope(PromQLSyntax.parseQuery(query), tenant));
        } catch (PromQLSyntaxException e) {
            return new RewriteResult.Rejected(e.toRejection());
        }
    }

    /** Parses {@code selector} as a bare series selector (the {@code match[]} parameter) and scopes it. */
    public RewriteResult rewriteSeriesMatcher(String selector, String tenant) {
        requireValid(tenant);
        try {
            return DeepQueries.run(selector, () -> scope(PromQLSyntax.parseSeriesMatcher(selector), tenant));
        } catch (PromQLSyntaxException e) {
            return new RewriteResult.Rejected(e.toRejection());
        }
    }

    /** The selector that matches all of a tenant's series, for endpoints called without match[]. */
    public String allSeriesOf(String tenant) {
        requireValid(tenant);
        return "{" + matcher(tenant) + "}";
    }

    private static RewriteResult scope(PromQLSyntax.Parsed<?> parsed, String tenant) {
        List<VectorSelectorContext> selectors = new ArrayList<>();
        collectSelectors(parsed.tree(), selectors);
        TokenStreamRewriter out = new TokenStreamRewriter(parsed.tokens());
        Set<String> ownLiterals = Set.of('"' + tenant + '"', "'" + tenant + "'", '`' + tenant + '`');
        for (VectorSelectorContext selector : selectors) {
            boolean alreadyScoped = false;
            List<LabelMatcherContext> matchers = selector.labelMatchers() == null
                    ? List.of()
                    : selector.labelMatchers().labelMatcher();
            for (LabelMatcherContext m : matchers) {
                if (!TENANT_LABEL.equals(m.labelName().getText())) {
                    continue;
                }
                if (m.matchOp().EQL() == null
                        || !ownLiterals.contains(m.STRING().getText())) {
                    return refuseOtherTenant(m, tenant);
                }
                alreadyScoped = true;
            }
            if (!alreadyScoped) {
                inject(out, selector, matchers.isEmpty(), tenant);
            }
        }
        return new RewriteResult.Rewritten(
                out.getText(), SubquerySteps.of(parsed.tree()), StepLocality.isStepLocal(parsed.tree()));
    }

    private static void inject(
            TokenStreamRewriter out, VectorSelectorContext selector, boolean noMatchers, String tenant) {
        if (selector.labelMatchers() == null) {
            out.insertAfter(selector.metricName().getStop(), "{" + matcher(tenant) + "}");
        } else {
            // Right after '{' so a trailing comma or an empty {} stays valid: {a="b",} -> {tenant="t",a="b",}
            out.insertAfter(
                    selector.labelMatchers().LEFT_BRACE().getSymbol(),
                    noMatchers ? matcher(tenant) : matcher(tenant) + ",");
        }
    }

    private static RewriteResult refuseOtherTenant(LabelMatcherContext m, String tenant) {
        String message = "the query matches the tenant label with '" + m.getText() + "'; queries are scoped to "
                + "tenant \"" + tenant + "\" automatically, so drop the tenant matcher (only tenant=\"" + tenant
                + "\" is accepted)";
        return new RewriteResult.Rejected(new QueryRejection(
                QueryRejectReason.OTHER_TENANT,
                message,
                m.getStart().getLine(),
                m.getStart().getCharPositionInLine() + 1));
    }

    private static void collectSelectors(ParseTree node, List<VectorSelectorContext> found) {
        if (node instanceof VectorSelectorContext selector) {
            found.add(selector);
            return;
        }
        if (node instanceof ParserRuleContext rule && rule.children != null) {
            for (ParseTree child : rule.children) {
                collectSelectors(child, found);
            }
        }
    }

    private static String matcher(String tenant) {
        return TENANT_LABEL + "=\"" + tenant + "\"";
    }

    private static void requireValid(String tenant) {
        if (!TenantId.isValid(tenant)) {
            // A programming error upstream: the tenant comes from a credential, never from the request.
            throw new IllegalArgumentException("not a tenant id: " + tenant);
        }
    }
}
