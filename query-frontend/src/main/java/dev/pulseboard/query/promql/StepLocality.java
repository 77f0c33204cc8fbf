package dev.pulseboard.query.promql;

import dev.pulseboard.query.promql.PromQLParser.AtExprContext;
import dev.pulseboard.query.promql.PromQLParser.FunctionCallContext;
import dev.pulseboard.query.promql.PromQLParser.OffsetExprContext;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * Whether a query is <em>step-local</em>: its value at a step depends only on that step's time and the samples stored at
 * or before it, never on the request's start and end, so a range can be split at any step and its parts evaluated
 * apart (the query frontend's extent cache relies on it). Not step-local: the {@code @} modifier ({@code @ 1700000000},
 * {@code @ start()}, {@code @ end()}), {@code start()}/{@code end()} written anywhere, and a negative offset (the value
 * at t reads samples after t, which may still arrive). Decided on the parse tree, never on the text, so a string or a
 * comment containing "@" does not count. Pure.
 */
final class StepLocality {
    private StepLocality() {}

    static boolean isStepLocal(ParseTree node) {
        if (node instanceof AtExprContext) {
            return false;
        }
        if (node instanceof OffsetExprContext offset && offset.SUB() != null) {
            return false;
        }
        if (node instanceof FunctionCallContext call) {
            String name = call.IDENTIFIER().getText();
            if (name.equals("start") || name.equals("end")) {
                return false;
            }
        }
        if (node instanceof ParserRuleContext rule && rule.children != null) {
            for (ParseTree child : rule.children) {
                if (!isStepLocal(child)) {
                    return false;
                }
            }
        }
        return true;
    }
}
