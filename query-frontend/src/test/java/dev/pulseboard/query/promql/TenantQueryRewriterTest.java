package dev.pulseboard.query.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TenantQueryRewriterTest {
    private final TenantQueryRewriter rewriter = new TenantQueryRewriter();

    private String scoped(String query) {
        RewriteResult result = rewriter.rewriteQuery(query, "acme");
        assertThat(result).as("rewrite of %s", query).isInstanceOf(RewriteResult.Rewritten.class);
        String out = ((RewriteResult.Rewritten) result).query();
        // Idempotence proves every selector of the output carries tenant="acme": a selector without it would be
        // rewritten again and change the text.
        assertThat(rewriter.rewriteQuery(out, "acme"))
                .isEqualTo(new RewriteResult.Rewritten(
                        out,
                        ((RewriteResult.Rewritten) result).subqueries(),
                        ((RewriteResult.Rewritten) result).stepLocal()));
        return out;
    }

    private QueryRejection rejected(String query) {
        RewriteResult result = rewriter.rewriteQuery(query, "acme");
        assertThat(result).as("rewrite of %s", query).isInstanceOf(RewriteResult.Rejected.class);
        return ((RewriteResult.Rejected) result).rejection();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '~',
            value = {
                "up | up{tenant=\"acme\"}",
                "up{job=\"api\"} | up{tenant=\"acme\",job=\"api\"}",
                "{__name__=\"m\"} | {tenant=\"acme\",__name__=\"m\"}",
                "{__name__=~\".+\"} | {tenant=\"acme\",__name__=~\".+\"}",
                "x{a=\"b\",} | x{tenant=\"acme\",a=\"b\",}",
                "x{} | x{tenant=\"acme\"}",
                "job:http_requests:rate5m | job:http_requests:rate5m{tenant=\"acme\"}",
                "rate(http_requests_total[5m]) | rate(http_requests_total{tenant=\"acme\"}[5m])",
                "sum by (instance) (rate(x[1m])) | sum by (instance) (rate(x{tenant=\"acme\"}[1m]))",
                "sum(rate(x[1m])) by (instance) | sum(rate(x{tenant=\"acme\"}[1m])) by (instance)",
                "sum without(pod)(x) | sum without(pod)(x{tenant=\"acme\"})",
                "topk(5, x) | topk(5, x{tenant=\"acme\"})",
                "count_values(\"v\", x) | count_values(\"v\", x{tenant=\"acme\"})",
                "quantile(0.9, x) | quantile(0.9, x{tenant=\"acme\"})",
                "avg_over_time(x[10m:30s]) | avg_over_time(x{tenant=\"acme\"}[10m:30s])",
                "max_over_time(rate(x[1m])[5m:]) | max_over_time(rate(x{tenant=\"acme\"}[1m])[5m:])",
                "sum(x)[1h:1m] | sum(x{tenant=\"acme\"})[1h:1m]",
                "a / on(instance) group_left(region) b | a{tenant=\"acme\"} / on(instance) group_left(region) b{tenant=\"acme\"}",
                "a * ignoring(code) group_right b | a{tenant=\"acme\"} * ignoring(code) group_right b{tenant=\"acme\"}",
                "a > bool 5 | a{tenant=\"acme\"} > bool 5",
                "a and b unless c or d | a{tenant=\"acme\"} and b{tenant=\"acme\"} unless c{tenant=\"acme\"} or d{tenant=\"acme\"}",
                "-x ^ 2 ^ -y | -x{tenant=\"acme\"} ^ 2 ^ -y{tenant=\"acme\"}",
                "(a + b) * c % 2 atan2 d | (a{tenant=\"acme\"} + b{tenant=\"acme\"}) * c{tenant=\"acme\"} % 2 atan2 d{tenant=\"acme\"}",
                "x offset 5m | x{tenant=\"acme\"} offset 5m",
                "rate(x[5m] offset -1h) | rate(x{tenant=\"acme\"}[5m] offset -1h)",
                "x @ 1609746000 | x{tenant=\"acme\"} @ 1609746000",
                "x[5m] @ end() offset 1m | x{tenant=\"acme\"}[5m] @ end() offset 1m",
                "x @ start() | x{tenant=\"acme\"} @ start()",
                "x or vector(1) | x{tenant=\"acme\"} or vector(1)",
                "time() - 3 * 0x1f + Inf - NaN + 1e-3 + .5 | time() - 3 * 0x1f + Inf - NaN + 1e-3 + .5",
                "SUM BY (job) (x) AND y | SUM BY (job) (x{tenant=\"acme\"}) AND y{tenant=\"acme\"}",
                "sum by (group, on, bool) (x{by=\"1\"}) | sum by (group, on, bool) (x{tenant=\"acme\",by=\"1\"})",
                "x{tenant=\"acme\"} | x{tenant=\"acme\"}",
                "x{tenant='acme',a=\"b\"} + y | x{tenant='acme',a=\"b\"} + y{tenant=\"acme\"}",
                "sum(x) by (tenant) | sum(x{tenant=\"acme\"}) by (tenant)",
            })
    void injectsTheTenantIntoEverySelector(String query, String expected) {
        assertThat(scoped(query)).isEqualTo(expected);
    }

    @Test
    void scopesTheQueriesOfTheOperationsDashboard() {
        assertThat(scoped("histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))"))
                .isEqualTo("histogram_quantile(0.99, sum by (le) "
                        + "(rate(http_request_duration_seconds_bucket{tenant=\"acme\"}[5m])))");
        assertThat(
                        scoped(
                                "sum(rate(http_requests_total{status=~\"5..\"}[2m])) / sum(rate(http_requests_total[2m])) > 0.05"))
                .isEqualTo("sum(rate(http_requests_total{tenant=\"acme\",status=~\"5..\"}[2m])) / "
                        + "sum(rate(http_requests_total{tenant=\"acme\"}[2m])) > 0.05");
        assertThat(scoped("avg by (instance) (cpu_usage_percent{instance=~\"$instance|web-1\"})"))
                .contains("cpu_usage_percent{tenant=\"acme\",instance=~\"$instance|web-1\"}");
    }

    @Test
    void preservesStringsEscapesWhitespaceAndComments() {
        String query =
                "x{path=\"a\\\"b\\\\c\\u00e9\", re=~'it\\'s.*', raw=`C:\\dir\\`}  # {tenant=\"b\"} is a comment\n"
                        + "\t+ on (job)\n  y";
        assertThat(scoped(query))
                .isEqualTo("x{tenant=\"acme\",path=\"a\\\"b\\\\c\\u00e9\", re=~'it\\'s.*', "
                        + "raw=`C:\\dir\\`}  # {tenant=\"b\"} is a comment\n\t+ on (job)\n  y{tenant=\"acme\"}");
    }

    @Test
    void labelReplaceCannotReachAnotherTenantBecauseItsInputIsScoped() {
        assertThat(scoped("label_replace(x, \"tenant\", \"other\", \"\", \"\")"))
                .isEqualTo("label_replace(x{tenant=\"acme\"}, \"tenant\", \"other\", \"\", \"\")");
        assertThat(scoped("label_join(up, \"tenant\", \",\", \"job\") or absent(nope)"))
                .isEqualTo(
                        "label_join(up{tenant=\"acme\"}, \"tenant\", \",\", \"job\") or absent(nope{tenant=\"acme\"})");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{tenant=~\".*\"}",
                "x{tenant=\"other\"}",
                "x{tenant!=\"acme\"}",
                "x{tenant=~\"acme\"}",
                "x{tenant!~\"nobody\"}",
                "x{tenant=\"acme|other\"}",
                "x{tenant=\"ACME\"}",
                "x{tenant=\"\\x61cme\"}",
                "x{tenant=\"acme\",tenant=\"other\"}",
                "sum(rate(x{tenant=\"other\"}[5m]))",
                "a + on() group_left b{tenant=\"other\"}",
                "max_over_time(x{tenant=~\"o.*\"}[5m:1m])",
                "x or vector(1) or {__name__=~\".+\", tenant=\"other\"}",
                "label_replace(y{tenant=\"other\"}, \"tenant\", \"acme\", \"\", \"\")",
            })
    void refusesAnyOtherMatcherOnTheTenantLabel(String query) {
        QueryRejection rejection = rejected(query);
        assertThat(rejection.reason()).isEqualTo(QueryRejectReason.OTHER_TENANT);
        assertThat(rejection.reason().kind().status()).isEqualTo(403);
        assertThat(rejection.describe()).startsWith("err-pb-query-other-tenant: 1:");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '~',
            value = {
                "sum(x | 1 | 6 | unexpected end of query",
                "x{ | 1 | 3 | unexpected end of query",
                "x[5m | 1 | 5 | unexpected end of query",
                "rate(x[5m])) | 1 | 12 | unexpected ')'",
                "x{a=\"b} | 1 | 5 | unterminated string",
                "x{a=1} | 1 | 5 | unexpected '1'",
                "x{tenant} | 1 | 9 | unexpected '}'",
                "x ! y | 1 | 3 | unexpected character '!'",
                "x[5x] | 1 | 3 | unexpected character '5'",
                "offset | 1 | 1 | unexpected 'offset'",
                "x\u0000{tenant=\"b\"} | 1 | 2 | unexpected character '\u0000'",
            })
    void reportsSyntaxErrorsWithPosition(String query, int line, int column, String message) {
        QueryRejection rejection = rejected(query);
        assertThat(rejection.reason()).isEqualTo(QueryRejectReason.INVALID);
        assertThat(rejection.line()).isEqualTo(line);
        assertThat(rejection.column()).isEqualTo(column);
        assertThat(rejection.message()).isEqualTo(message);
        assertThat(rejection.describe()).isEqualTo("err-pb-query-invalid: " + line + ":" + column + ": " + message);
    }

    @Test
    void reportsTheLineOfAnErrorInAMultiLineQuery() {
        QueryRejection rejection = rejected("sum(x)\n  + on(job) (");
        assertThat(rejection.describe()).isEqualTo("err-pb-query-invalid: 2:14: unexpected end of query");
    }

    @Test
    void refusesEmptyAndPathologicallyNestedQueriesWithoutCrashing() {
        assertThat(rejected("").reason()).isEqualTo(QueryRejectReason.INVALID);
        assertThat(rejected("  # only a comment").reason()).isEqualTo(QueryRejectReason.INVALID);
        String deep = "(".repeat(50_000) + "x" + ")".repeat(50_000);
        assertThat(rejected(deep).reason()).isEqualTo(QueryRejectReason.INVALID);
    }

    @Test
    void scopesSeriesMatchersAndRefusesExpressionsThere() {
        assertThat(rewriter.rewriteSeriesMatcher("up{job=\"api\"}", "acme"))
                .isEqualTo(new RewriteResult.Rewritten("up{tenant=\"acme\",job=\"api\"}", List.of(), true));
        assertThat(rewriter.rewriteSeriesMatcher("{__name__=~\"http_.*\"}", "acme"))
                .isEqualTo(new RewriteResult.Rewritten("{tenant=\"acme\",__name__=~\"http_.*\"}", List.of(), true));
        assertThat(rewriter.rewriteSeriesMatcher("rate(x[5m])", "acme"))
                .isInstanceOfSatisfying(
                        RewriteResult.Rejected.class,
                        r -> assertThat(r.rejection().reason()).isEqualTo(QueryRejectReason.INVALID));
        assertThat(rewriter.rewriteSeriesMatcher("{tenant=\"other\"}", "acme"))
                .isInstanceOfSatisfying(
                        RewriteResult.Rejected.class,
                        r -> assertThat(r.rejection().reason()).isEqualTo(QueryRejectReason.OTHER_TENANT));
        assertThat(rewriter.allSeriesOf("acme")).isEqualTo("{tenant=\"acme\"}");
    }

    @Test
    void refusesToScopeToSomethingThatIsNotATenantId() {
        assertThatThrownBy(() -> rewriter.rewriteQuery("up", "a\"} or {x=\""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "rate(x[5m]) | 0 | 0",
                "max_over_time(x[5m:1m]) | 0 | 6",
                "max_over_time(x[30d:1s]) | 0 | 2592001",
                "max_over_time(x[1h:]) | 0 | 61",
                "max_over_time(x[1h:1m]) | 3600000 | 121",
                "max_over_time(max_over_time(x[1h:1m])[1d:1h]) | 0 | 1526",
                "max_over_time(x[1h:1m]) + max_over_time(y[2h:1m]) | 0 | 182",
                "max_over_time(x[1h30m:30m]) | 0 | 4",
                "max_over_time(x[999999999999y:1ms]) | 0 | 9223372036854775807",
            })
    void countsTheStepsSubqueriesMakePrometheusEvaluate(String query, long queryRangeMs, long steps) {
        RewriteResult result = rewriter.rewriteQuery(query, "acme");
        assertThat(result).isInstanceOf(RewriteResult.Rewritten.class);
        assertThat(((RewriteResult.Rewritten) result).subquerySteps(queryRangeMs))
                .isEqualTo(steps);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "rate(x[5m]) | true",
                "max_over_time(x[1h:1m]) offset 5m | true",
                "x{a=\"@\"} # @ start() in a comment | true",
                "time() - timestamp(x) | true",
                "x @ 1700000000 | false",
                "sum(rate(x[5m] @ end())) | false",
                "max_over_time(x[1h:1m] @ start()) | false",
                "x offset -1m | false",
                "x + on() group_left vector(start()) | false",
                "x + end() | false",
            })
    void tellsWhetherEachStepDependsOnlyOnItsOwnTime(String query, boolean stepLocal) {
        assertThat(rewriter.rewriteQuery(query, "acme"))
                .isInstanceOfSatisfying(
                        RewriteResult.Rewritten.class,
                        r -> assertThat(r.stepLocal()).as(query).isEqualTo(stepLocal));
    }
}
