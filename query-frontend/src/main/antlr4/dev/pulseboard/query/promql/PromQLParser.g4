/*
 * PromQL syntax, written for Pulseboard from the Prometheus query language documentation (Prometheus 2.42).
 *
 * Scope: this parser decides WHERE the vector selectors are, so the rewriter can scope each one to a tenant.
 * Type checking (e.g. a range selector applied to a function result, unknown function names, argument counts)
 * is left to Prometheus, which reports it as a 400 bad_data after the rewrite. Anything this grammar does not
 * accept is refused before Prometheus sees it, so being stricter than Prometheus is safe; being looser about
 * what is or is not a selector would not be.
 *
 * Precedence follows the PromQL operator documentation, highest first: ^ (right-associative), unary -/+,
 * * / % atan2, + -, comparisons, and unless, or. Range/subquery brackets, offset and @ bind tightest.
 */
parser grammar PromQLParser;

options { tokenVocab = PromQLLexer; }

query         : expr EOF ;
/** A series selector alone, as in the match[] parameter of /api/v1/series and /api/v1/labels. */
seriesMatcher : vectorSelector EOF ;

expr
    : expr LEFT_BRACKET DURATION (COLON DURATION?)? RIGHT_BRACKET            # rangeExpr
    | expr OFFSET SUB? DURATION                                              # offsetExpr
    | expr AT atTime                                                         # atExpr
    | <assoc = right> expr POW binaryModifier? expr                          # binaryExpr
    | (ADD | SUB) expr                                                       # unaryExpr
    | expr (MUL | DIV | MOD | ATAN2) binaryModifier? expr                    # binaryExpr
    | expr (ADD | SUB) binaryModifier? expr                                  # binaryExpr
    | expr (EQLC | NEQ | LTE | LSS | GTE | GTR) BOOL? binaryModifier? expr   # binaryExpr
    | expr (AND | UNLESS) binaryModifier? expr                               # binaryExpr
    | expr OR binaryModifier? expr                                           # binaryExpr
    | LEFT_PAREN expr RIGHT_PAREN                                            # parenExpr
    | aggregation                                                            # aggregationExpr
    | functionCall                                                           # functionExpr
    | vectorSelector                                                         # selectorExpr
    | NUMBER                                                                 # numberExpr
    | STRING                                                                 # stringExpr
    ;

/** sum by (job) (x), sum(x) by (job), topk(5, x): the parameter is just the first argument. */
aggregation
    : aggregationOp grouping LEFT_PAREN arguments RIGHT_PAREN
    | aggregationOp LEFT_PAREN arguments RIGHT_PAREN grouping?
    ;

aggregationOp
    : SUM | AVG | COUNT | MIN | MAX | GROUP | STDDEV | STDVAR | TOPK | BOTTOMK | COUNT_VALUES | QUANTILE
    ;

grouping : (BY | WITHOUT) labelList ;

functionCall : IDENTIFIER LEFT_PAREN arguments? RIGHT_PAREN ;

arguments : expr (COMMA expr)* ;

/** on(...)/ignoring(...) vector matching, optionally many-to-one / one-to-many. */
binaryModifier : (ON | IGNORING) labelList ((GROUP_LEFT | GROUP_RIGHT) labelList?)? ;

labelList : LEFT_PAREN (labelName (COMMA labelName)* COMMA?)? RIGHT_PAREN ;

/** @ <unix seconds>, @ start(), @ end(). */
atTime : (ADD | SUB)? NUMBER | IDENTIFIER LEFT_PAREN RIGHT_PAREN ;

vectorSelector
    : metricName labelMatchers?
    | labelMatchers
    ;

labelMatchers : LEFT_BRACE (labelMatcher (COMMA labelMatcher)* COMMA?)? RIGHT_BRACE ;

labelMatcher : labelName matchOp STRING ;

matchOp : EQL | NEQ | EQL_REGEX | NEQ_REGEX ;

metricName : IDENTIFIER | METRIC_NAME ;

/** Keywords are legal label names (e.g. by (group), {on="x"}). */
labelName
    : IDENTIFIER | AND | OR | UNLESS | ATAN2 | BY | WITHOUT | ON | IGNORING | GROUP_LEFT | GROUP_RIGHT | BOOL
    | OFFSET | aggregationOp
    ;
