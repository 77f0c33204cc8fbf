package dev.pulseboard.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.assertj.core.data.Offset;
import org.awaitility.Awaitility;

/**
 * Reads what the pipeline stored for a 1 s window back through the tenant-scoped query API, by the names of
 * docs/metrics.md: a gauge's last value under its own name with {@code :1s_min}/{@code :1s_max} beside it, a counter's
 * cumulative total, a histogram's {@code _count} and {@code _sum}; every window's samples are stamped at its last
 * millisecond.
 */
final class Aggregates {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Aggregates() {}

    static void assertGauge(Api.Tenant tenant, String metric, long windowStartMs, double last, double min, double max)
            throws Exception {
        assertThat(await(tenant, metric, windowStartMs)).as(metric + " last").isEqualTo(last);
        assertThat(await(tenant, metric + ":1s_min", windowStartMs))
                .as(metric + " min")
                .isEqualTo(min);
        assertThat(await(tenant, metric + ":1s_max", windowStartMs))
                .as(metric + " max")
                .isEqualTo(max);
    }

    /** A counter's cumulative total at the end of the window. */
    static void assertCounter(Api.Tenant tenant, String metric, long windowStartMs, double total) throws Exception {
        assertThat(await(tenant, metric, windowStartMs)).as(metric + " total").isEqualTo(total);
    }

    /** A histogram's cumulative observation count and sum at the end of the window. */
    static void assertHistogram(Api.Tenant tenant, String metric, long windowStartMs, double count, double sum)
            throws Exception {
        assertThat(await(tenant, metric + "_count", windowStartMs))
                .as(metric + " count")
                .isEqualTo(count);
        assertThat(await(tenant, metric + "_sum", windowStartMs))
                .as(metric + " sum")
                .isCloseTo(sum, Offset.offset(1e-9));
    }

    /** The single series' value written for the window (at its last millisecond), waiting for it to be written. */
    private static double await(Api.Tenant tenant, String promql, long windowStartMs) {
        long at = windowStartMs + 999;
        JsonNode result = Awaitility.await(promql + " of " + tenant.id() + " at " + windowStartMs + " stored; gateway"
                        + " counters of the tenant:\n" + Api.gatewayCounters(tenant.id()))
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> instant(tenant, "last_over_time(" + promql + "[1ms])", at), r -> !r.isEmpty());
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
