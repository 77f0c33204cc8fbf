package dev.pulseboard.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulseboard.contract.feed.CompactedTopicWriter;
import dev.pulseboard.contract.progress.StoreProgressTable;
import dev.pulseboard.contract.wire.Topics;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.StoreProgress;
import dev.pulseboard.query.extents.StoreProgressFeed;
import dev.pulseboard.query.promql.RewriteResult;
import dev.pulseboard.query.promql.TenantQueryRewriter;
import dev.pulseboard.testing.keys.TestKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The step-aligned extent cache of query_range against the real Prometheus 2.42: every answer through the cache is byte
 * for byte Prometheus' own answer to the same scoped query over the whole range, also after samples arrive in the
 * unsettled window; the second refresh is served from the settled steps and Prometheus evaluates only the newest ones
 * (the steps counters, checked against the settled boundary); range-dependent and misaligned requests pass through;
 * two tenants asking the same text each get their own answer; the pipeline's written-through time, once reported on the
 * store-progress topic, settles every step up to it. settled-after is 60 s here so a test can write into the unsettled
 * window without waiting.
 */
@QuarkusTest
@WithTestResource(KeysOnKafka.class)
@WithTestResource(PrometheusWithTwoTenants.class)
@WithTestResource(QueryExtentCacheIT.SettledAfterOneMinute.class)
class QueryExtentCacheIT {
    public static class SettledAfterOneMinute implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            // no background evaluations of watched queries (StepExtentCacheTest): the counters count requests only;
            // an answer for unsettled steps is shared until the test moves the written-through time
            return Map.of(
                    "pulseboard.query.cache.extents.settled-after", "60s",
                    "pulseboard.query.cache.extents.reuse-for", "30s",
                    "pulseboard.query.cache.extents.stamp-every", "0s", // the tests write samples at any time
                    "pulseboard.query.cache.extents.watch-for", "0s");
        }

        @Override
        public void stop() {}
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long STEP = 15_000;
    private static final long SETTLED_AFTER = 60_000;

    @ConfigProperty(name = "pulseboard.query.prometheus-url")
    String prometheus;

    private RemoteWriteTestClient writer() {
        return new RemoteWriteTestClient(prometheus + "/api/v1/write");
    }

    private static String seconds(long millis) {
        return BigDecimal.valueOf(millis, 3).toPlainString();
    }

    private static long alignedNow(long step) {
        long now = System.currentTimeMillis();
        return now - now % step;
    }

    /** Through the query frontend, as the tenant of {@code key}. */
    private static String viaFrontend(String key, String query, long start, long end, long step) {
        return given().header("Authorization", "Bearer " + key)
                .formParam("query", query)
                .formParam("start", seconds(start))
                .formParam("end", seconds(end))
                .formParam("step", seconds(step))
                .post("/api/v1/query_range")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    /** Straight to Prometheus, with the frontend's own rewrite of {@code query} for {@code tenant}. */
    private String direct(String tenant, String query, long start, long end, long step) throws Exception {
        RewriteResult r = new TenantQueryRewriter().rewriteQuery(query, tenant);
        String scoped = ((RewriteResult.Rewritten) r).query();
        String form = "query=" + URLEncoder.encode(scoped, StandardCharsets.UTF_8) + "&start=" + seconds(start)
                + "&end=" + seconds(end) + "&step=" + seconds(step);
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(prometheus + "/api/v1/query_range"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** pulseboard_query_extents_steps_total{tenant, result} from the frontend's /q/metrics (management port). */
    private static long steps(String tenant, String result) {
        int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        String body = given().port(port)
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Matcher m = Pattern.compile("^pulseboard_query_extents_steps_total\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE)
                .matcher(body);
        long sum = 0;
        while (m.find()) {
            if (m.group(1).contains("tenant=\"" + tenant + "\"") && m.group(1).contains("result=\"" + result + "\"")) {
                sum += (long) Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    private void writeSeries(String name, String tenant, String instance, long from, long to, long every, double base) {
        RemoteWriteTestClient w = writer();
        int i = 0;
        for (long t = from; t <= to; t += every, i++) {
            double v = i == 6 ? Double.NaN : base + i;
            w.write(Map.of("__name__", name, "tenant", tenant, "instance", instance), v, t);
        }
    }

    @Test
    void refreshesAreServedFromSettledStepsAndStayExactlyPrometheusAnswer() throws Exception {
        long end = alignedNow(STEP);
        long start = end - 600_000;
        writeSeries("pb_ext_a", "acme", "a1", start - 60_000, end - 90_000, STEP, 1);
        writeSeries("pb_ext_a", "acme", "a2", start - 60_000, start + 60_000, STEP, 100); // gone after 5 m lookback
        writeSeries("pb_ext_a", "globex", "g1", start - 60_000, end - 90_000, STEP, 1000);
        String query = "pb_ext_a";
        long steps = (end - start) / STEP + 1;

        long hits = steps("acme", "hit");
        long misses = steps("acme", "miss");
        String first = viaFrontend(TestKeys.ACME, query, start, end, STEP);
        assertThat(first).isEqualTo(direct("acme", query, start, end, STEP)).contains("\"a1\"", "\"a2\"", "NaN");
        assertThat(steps("acme", "miss") - misses)
                .as("first request: all steps evaluated")
                .isEqualTo(steps);
        assertThat(steps("acme", "hit") - hits).isZero();

        long lastSettledAtFirst = lastSettled(System.currentTimeMillis());
        String second = viaFrontend(TestKeys.ACME, query, start, end, STEP);
        assertThat(second).isEqualTo(direct("acme", query, start, end, STEP)).isEqualTo(first);
        long fresh = steps("acme", "miss") - misses - steps;
        long served = steps("acme", "hit") - hits;
        assertThat(fresh + served).isEqualTo(steps);
        assertThat(fresh)
                .as("Prometheus evaluated only the unsettled steps after the extent")
                .isBetween((end - lastSettledAtFirst) / STEP - 1, (end - lastSettledAtFirst) / STEP);
        assertThat(served).isGreaterThanOrEqualTo(steps - (SETTLED_AFTER / STEP) - 2);

        // samples arriving in the unsettled window (newer than any cached step), and a series only there
        RemoteWriteTestClient w = writer();
        for (long t = end - 30_000; t <= end; t += STEP) {
            w.write(Map.of("__name__", "pb_ext_a", "tenant", "acme", "instance", "a1"), 50.0 + (t / STEP) % 7, t);
        }
        w.write(Map.of("__name__", "pb_ext_a", "tenant", "acme", "instance", "a9"), 9, end - STEP);
        String third = viaFrontend(TestKeys.ACME, query, start, end, STEP);
        assertThat(third)
                .isEqualTo(direct("acme", query, start, end, STEP))
                .isNotEqualTo(second)
                .contains("\"a9\"");
        // quoted: globex's series and values, not the digits 1000 inside a timestamp such as 1796121000
        assertThat(third).doesNotContain("\"g1\"", "\"1000\"");

        // globex's identical text: its own series, never acme's cached steps
        String globex = viaFrontend(TestKeys.GLOBEX, query, start, end, STEP);
        assertThat(globex).isEqualTo(direct("globex", query, start, end, STEP)).contains("\"g1\"");
        assertThat(viaFrontend(TestKeys.GLOBEX, query, start, end, STEP)).isEqualTo(globex);
        assertThat(globex).doesNotContain("\"a1\"", "\"a9\"", "acme");

        // the next refresh a step later: still exactly Prometheus' answer
        assertThat(viaFrontend(TestKeys.ACME, query, start + STEP, end + STEP, STEP))
                .isEqualTo(direct("acme", query, start + STEP, end + STEP, STEP));
    }

    private static long lastSettled(long now) {
        long b = now - SETTLED_AFTER;
        return b - b % STEP;
    }

    @Test
    void theFixturesTenantsNeverSeeEachOthersCachedSteps() throws Exception {
        long end = alignedNow(STEP);
        long start = end - 900_000;
        for (String query :
                new String[] {"pb_test_requests", "sum(pb_test_requests)", "{__name__=~\"pb_(test|secret)_.+\"}"}) {
            String acme = viaFrontend(TestKeys.ACME, query, start, end, STEP);
            assertThat(viaFrontend(TestKeys.ACME, query, start, end, STEP)).isEqualTo(acme);
            String globex = viaFrontend(TestKeys.GLOBEX, query, start, end, STEP);
            assertThat(globex).isEqualTo(direct("globex", query, start, end, STEP));
            assertThat(viaFrontend(TestKeys.GLOBEX, query, start, end, STEP)).isEqualTo(globex);
            assertThat(viaFrontend(TestKeys.ACME, query, start, end, STEP))
                    .isEqualTo(direct("acme", query, start, end, STEP));
            for (String marker : PrometheusWithTwoTenants.GLOBEX_ONLY) {
                assertThat(acme).as(query).doesNotContain("\"" + marker + "\"");
            }
        }
    }

    @Inject
    StoreProgressFeed progress;

    @ConfigProperty(name = "pulseboard.query.kafka.bootstrap-servers")
    String kafka;

    /** The pipeline's one store writer says it has written through {@code ms}; null = its record is deleted. */
    private void writtenThrough(Long ms) {
        byte[] key = StoreProgressTable.key(0, 0).getBytes(StandardCharsets.UTF_8);
        try (CompactedTopicWriter w =
                new CompactedTopicWriter(kafka, Topics.STORE_PROGRESS, "test-store-progress", Duration.ofSeconds(5))) {
            w.put(
                    key,
                    ms == null
                            ? null
                            : WireCodec.encode(StoreProgress.newBuilder()
                                    .setStreams(1)
                                    .setParallelism(1)
                                    .setWrittenThroughMs(ms)
                                    .setPublishedMs(System.currentTimeMillis())
                                    .build()));
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> progress.writtenThrough().equals(ms == null ? OptionalLong.empty() : OptionalLong.of(ms)));
    }

    @Test
    void theStoresWrittenThroughTimeSettlesTheStepsUpToIt() throws Exception {
        long end = alignedNow(STEP);
        long start = end - 600_000;
        writeSeries("pb_ext_w", "acme", "w1", start - 60_000, end, STEP, 1);
        String query = "pb_ext_w";
        long steps = (end - start) / STEP + 1;
        // everything up to the step before the newest is written, a minute sooner than settled-after would allow
        writtenThrough(end - STEP + 1);
        try {
            viaFrontend(TestKeys.ACME, query, start, end, STEP);
            long hits = steps("acme", "hit");
            long misses = steps("acme", "miss");
            long reused = steps("acme", "reused");
            assertThat(viaFrontend(TestKeys.ACME, query, start, end, STEP))
                    .isEqualTo(direct("acme", query, start, end, STEP));
            assertThat(steps("acme", "hit") - hits).isEqualTo(steps - 1);
            assertThat(steps("acme", "reused") - reused)
                    .as("the step after the written-through time, as the first answer had it at the same time")
                    .isEqualTo(1);
            assertThat(steps("acme", "miss") - misses).isZero();

            // a sample written past that time shows once the time moves (still before the newest step)
            writer().write(Map.of("__name__", "pb_ext_w", "tenant", "acme", "instance", "w2"), 7, end);
            writtenThrough(end - STEP + 2);
            String moved = viaFrontend(TestKeys.ACME, query, start, end, STEP);
            assertThat(moved).isEqualTo(direct("acme", query, start, end, STEP)).contains("\"w2\"");
            assertThat(steps("acme", "miss") - misses)
                    .as("Prometheus evaluated only the step after the written-through time")
                    .isEqualTo(1);
        } finally {
            writtenThrough(null);
        }
    }

    @Test
    void rangeDependentAndMisalignedRequestsPassThrough() throws Exception {
        long end = alignedNow(STEP);
        long start = end - 600_000;
        String[] rangeDependent = {
            "pb_test_requests @ " + seconds(end - 300_000),
            "pb_test_requests @ end()",
            "max_over_time(pb_test_requests[10m] @ start())",
            "pb_test_requests offset -1m",
        };
        long hits = steps("acme", "hit");
        long misses = steps("acme", "miss");
        for (String query : rangeDependent) {
            viaFrontend(TestKeys.ACME, query, start, end, STEP);
            assertThat(viaFrontend(TestKeys.ACME, query, start, end, STEP))
                    .isEqualTo(direct("acme", query, start, end, STEP));
        }
        String misaligned = viaFrontend(TestKeys.ACME, "pb_test_requests", start + 7_000, end, STEP);
        assertThat(misaligned).isEqualTo(direct("acme", "pb_test_requests", start + 7_000, end, STEP));
        assertThat(steps("acme", "hit")).as("nothing served from extents").isEqualTo(hits);
        assertThat(steps("acme", "miss")).as("nothing counted as cacheable").isEqualTo(misses);
    }

    @Test
    void stepsWithMillisecondsMergeToPrometheusOwnTimestamps() throws Exception {
        long step = 1_500;
        long end = alignedNow(step);
        long start = end - 180_000;
        writeSeries("pb_ext_ms", "acme", "m1", start - 30_000, end - 45_000, 1_000, 1);
        String query = "pb_ext_ms";
        viaFrontend(TestKeys.ACME, query, start, end, step);
        long hits = steps("acme", "hit");
        String merged = viaFrontend(TestKeys.ACME, query, start, end, step);
        assertThat(steps("acme", "hit")).as("the second answer was merged").isGreaterThan(hits);
        assertThat(merged).isEqualTo(direct("acme", query, start, end, step)).contains(".500,\"");
    }
}
