package dev.pulseboard.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.awaitility.Awaitility;

/** Reads the pipeline's 1 s aggregates back through the tenant-scoped query API. */
final class Aggregates {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Aggregates() {}

    static void assertExact(
            Api.Tenant tenant,
            String metric,
            long windowStartMs,
            long count,
            double sum,
            double min,
            double max,
            double last)
            throws Exception {
        assertThat(await(tenant, metric + ":1s_count", windowStartMs))
                .as(metric + " count")
                .isEqualTo((double) count);
        assertThat(await(tenant, metric + ":1s_sum", windowStartMs))
                .as(metric + " sum")
                .isEqualTo(sum);
        assertThat(await(tenant, metric + ":1s_min", windowStartMs))
                .as(metric + " min")
                .isEqualTo(min);
        assertThat(await(tenant, metric + ":1s_max", windowStartMs))
                .as(metric + " max")
                .isEqualTo(max);
        assertThat(await(tenant, metric + ":1s_last", windowStartMs))
                .as(metric + " last")
                .isEqualTo(last);
    }

    /** The single series' value at exactly the window start, waiting for the window to be written. */
    private static double await(Api.Tenant tenant, String promql, long windowStartMs) {
        JsonNode result = Awaitility.await(promql + " of " + tenant.id() + " at " + windowStartMs + " stored; gateway"
                        + " counters of the tenant:\n" + Api.gatewayCounters(tenant.id()))
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> instant(tenant, "last_over_time(" + promql + "[1ms])", windowStartMs), r -> !r.isEmpty());
        assertThat(result).as("exactly one series, the caller's: " + result).hasSize(1);
        assertThat(result.get(0).get("metric").get("tenant").asText()).isEqualTo(tenant.id());
        return Double.parseDouble(result.get(0).get("value").get(1).asText());
    }

    private static JsonNode instant(Api.Tenant tenant, String promql, long atMs) throws Exception {
        Api.Reply r = Api.query(tenant.key(), promql, atMs / 1000.0);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body().get("data").get("result");
    }
}
