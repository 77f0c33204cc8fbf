/*
 * PromQL tokens, written for Pulseboard from the Prometheus query language documentation
 * (querying/basics, operators, functions) as served by Prometheus 2.42.
 *
 * Contract with the tenant rewriter: every token is kept in the token stream (whitespace and '#' comments on the
 * HIDDEN channel) so a query can be re-printed byte for byte with only the tenant matchers added. Tokenising must
 * never be more permissive than Prometheus in a way that changes token boundaries (strings, comments): a string
 * or comment that ends at a different place here than in Prometheus could hide a selector from the rewriter.
 */
lexer grammar PromQLLexer;

// Keywords: case-insensitive in PromQL (Prometheus lower-cases a word before its keyword lookup).
AND         options { caseInsensitive = true; } : 'and';
OR          options { caseInsensitive = true; } : 'or';
UNLESS      options { caseInsensitive = true; } : 'unless';
ATAN2       options { caseInsensitive = true; } : 'atan2';
BY          options { caseInsensitive = true; } : 'by';
WITHOUT     options { caseInsensitive = true; } : 'without';
ON          options { caseInsensitive = true; } : 'on';
IGNORING    options { caseInsensitive = true; } : 'ignoring';
GROUP_LEFT  options { caseInsensitive = true; } : 'group_left';
GROUP_RIGHT options { caseInsensitive = true; } : 'group_right';
BOOL        options { caseInsensitive = true; } : 'bool';
OFFSET      options { caseInsensitive = true; } : 'offset';

// Aggregation operators.
SUM          options { caseInsensitive = true; } : 'sum';
AVG          options { caseInsensitive = true; } : 'avg';
COUNT        options { caseInsensitive = true; } : 'count';
MIN          options { caseInsensitive = true; } : 'min';
MAX          options { caseInsensitive = true; } : 'max';
GROUP        options { caseInsensitive = true; } : 'group';
STDDEV       options { caseInsensitive = true; } : 'stddev';
STDVAR       options { caseInsensitive = true; } : 'stdvar';
TOPK         options { caseInsensitive = true; } : 'topk';
BOTTOMK      options { caseInsensitive = true; } : 'bottomk';
COUNT_VALUES options { caseInsensitive = true; } : 'count_values';
QUANTILE     options { caseInsensitive = true; } : 'quantile';

// Float literals: decimal, exponent, hex, Inf, NaN. The sign is the parser's unary operator, as in Prometheus.
NUMBER options { caseInsensitive = true; }
    : DIGITS ('.' DIGITS?)? EXPONENT?
    | '.' DIGITS EXPONENT?
    | '0x' [0-9a-f]+
    | 'inf'
    | 'nan'
    ;

// Time durations such as 5m, 1h30m, 250ms (units are case-sensitive in Prometheus).
DURATION : (DIGITS DURATION_UNIT)+ ;

// Strings follow Go quoting: escapes in "..." and '...' (no raw newline), nothing escaped in `...`.
STRING
    : '"' ('\\' ~[\r\n] | ~["\\\r\n])* '"'
    | '\'' ('\\' ~[\r\n] | ~['\\\r\n])* '\''
    | '`' ~'`'* '`'
    ;

// A plain identifier is a valid label name, function name and metric name; a colon makes it a metric name only.
IDENTIFIER  : [a-zA-Z_] [a-zA-Z0-9_]* ;
METRIC_NAME : [a-zA-Z_:] [a-zA-Z0-9_:]* ;

EQL_REGEX : '=~' ;
NEQ_REGEX : '!~' ;
EQLC      : '==' ;
NEQ       : '!=' ;
LTE       : '<=' ;
GTE       : '>=' ;
LSS       : '<' ;
GTR       : '>' ;
EQL       : '=' ;
ADD       : '+' ;
SUB       : '-' ;
MUL       : '*' ;
DIV       : '/' ;
MOD       : '%' ;
POW       : '^' ;
AT        : '@' ;
COMMA     : ',' ;
LEFT_PAREN  : '(' ;
RIGHT_PAREN : ')' ;
LEFT_BRACE  : '{' ;
RIGHT_BRACE : '}' ;
// Inside brackets only durations and ':' are legal; a separate mode keeps ":1s" from lexing as a metric name.
LEFT_BRACKET : '[' -> pushMode(RANGE) ;

WS      : [ \t\r\n]+ -> channel(HIDDEN) ;
COMMENT : '#' ~[\r\n]* -> channel(HIDDEN) ;

fragment DIGITS        : [0-9]+ ;
fragment EXPONENT      : 'e' [-+]? DIGITS ;
fragment DURATION_UNIT : 'ms' | 's' | 'm' | 'h' | 'd' | 'w' | 'y' ;

mode RANGE;
RANGE_DURATION : (DIGITS DURATION_UNIT)+ -> type(DURATION) ;
COLON          : ':' ;
RIGHT_BRACKET  : ']' -> popMode ;
RANGE_WS       : [ \t\r\n]+ -> channel(HIDDEN) ;
