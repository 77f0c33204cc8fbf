package dev.pulseboard.query.promql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulseboard.testing.Repository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rewriter's output must be PromQL that Prometheus 2.42 itself parses and type-checks. promtool (Debian package
 * prometheus, same version as the server) checks every expression of a rule file with Prometheus' own parser, so
 * the rewritten queries go into one rule file and promtool must accept all of them: the syntax corners below and every
 * expression of every dashboard in dashboards/ (template variables as Grafana sends "All").
 */
class RewrittenQueriesParseInPrometheusTest {
    private static final String PROMTOOL = System.getenv().getOrDefault("PB_PROMTOOL_BIN", "/usr/bin/promtool");

    /** Queries a Grafana dashboard sends, plus the syntax corners the grammar covers. */
    private static final List<String> QUERIES = List.of(
            "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))",
            "sum(rate(http_requests_total{status=~\"5..\"}[2m])) / sum(rate(http_requests_total[2m])) > 0.05",
            "sum by (instance) (rate(http_requests_total[1m]))",
            "avg(cpu_usage_percent) by (instance)",
            "topk(5, sum by (region) (revenue_per_hour))",
            "count_values(\"value\", user_sessions_active)",
            "quantile without (instance) (0.9, memory_usage_bytes)",
            "avg_over_time(disk_usage_percent[10m:30s])",
            "max_over_time(rate(orders_per_minute[1m])[5m:])",
            "rate(http_requests_total[5m] offset -1h)",
            "http_requests_total @ 1609746000 offset 5m",
            "rate(http_requests_total[5m] @ end())",
            "a / on(instance) group_left(region) b",
            "a * ignoring(code) group_right b",
            "a > bool 5 and b unless c or d",
            "-x ^ 2 ^ -y % 3 atan2 z",
            "{__name__=~\".+\"}",
            "x{a=\"b\",}",
            "job:http_requests:rate5m{job=\"api\"}",
            "x or vector(1)",
            "label_replace(x, \"tenant\", \"other\", \"\", \"\")",
            "SUM BY (job) (x) AND y",
            "sum by (group, on, bool) (x{by=\"1\"})",
            "x{path=\"a\\\"b\\\\c\\u00e9\", re=~'it\\'s.*', raw=`C:\\dir\\`}  # {tenant=\"b\"} is a comment\n + on(job) y",
            "time() - 3 * 0x1f + Inf - NaN + 1e-3 + .5 * x",
            "absent(nope{job=\"x\"})");

    private static List<String> dashboardQueries() throws IOException {
        List<String> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (var files = Files.list(Repository.root().resolve("dashboards"))) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                for (JsonNode panel : json.readTree(file.toFile()).path("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        out.add(target.path("expr").asText().replaceAll("\\$[a-z]+", ".*"));
                    }
                }
            }
        }
        assertThat(out).as("operations, business and executive dashboards").hasSizeGreaterThanOrEqualTo(19);
        return out;
    }

    @Test
    void promtoolAcceptsEveryRewrittenQuery(@TempDir Path dir) throws IOException, InterruptedException {
        TenantQueryRewriter rewriter = new TenantQueryRewriter();
        List<String> queries = new ArrayList<>(QUERIES);
        queries.addAll(dashboardQueries());
        StringBuilder rules = new StringBuilder("groups:\n- name: rewritten\n  rules:\n");
        for (int i = 0; i < queries.size(); i++) {
            RewriteResult result = rewriter.rewriteQuery(queries.get(i), "acme");
            assertThat(result).as(queries.get(i)).isInstanceOf(RewriteResult.Rewritten.class);
            String rewritten = ((RewriteResult.Rewritten) result).query();
            assertThat(rewritten).contains("tenant=\"acme\"");
            // A YAML literal block keeps quotes, backslashes and the comment exactly as the rewriter printed them.
            rules.append("  - record: q")
                    .append(i)
                    .append("\n    expr: |-\n      ")
                    .append(rewritten.replace("\n", "\n      "))
                    .append('\n');
        }
        Path file = dir.resolve("rules.yml");
        Files.writeString(file, rules, StandardCharsets.UTF_8);

        Process promtool = new ProcessBuilder(PROMTOOL, "check", "rules", file.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS: " + queries.size() + " rules found");
    }
}
