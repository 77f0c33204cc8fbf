package dev.pulseboard.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.pulseboard.testing.prometheus.PrometheusAgent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.exporter.BasicAuthHttpConnectionFactory;
import io.prometheus.client.exporter.PushGateway;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The walking skeleton end to end on real components: ./pulseboard up, sign-up through the tenant-service API,
 * samples over HTTP and StatsD, Kafka, the Flink job, Prometheus, and the tenant-scoped query API; then the
 * demo dashboard in headless Chromium, and ./pulseboard down leaving no process behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalkingSkeletonIT {
    private static final LocalStack STACK = new LocalStack();
    private static Api.Tenant a;
    private static Api.Tenant b;

    @BeforeAll
    static void up() throws Exception {
        STACK.up();
        String run = Integer.toString(ThreadLocalRandom.current().nextInt(1000, 9999));
        a = Api.signup("e2e-a-" + run);
        b = Api.signup("e2e-b-" + run);
        warmUp(a);
        warmUp(b);
        // The browser tests open the demo's dashboards cold again and again at machine speed (five-minute ranges at
        // 1 s steps, every panel at once), with Chromium on the same two cores making each evaluation's wall time
        // longer: measured here at up to 0.22 s of Prometheus time per second against the standard plan's budget of
        // 0.25 (docs/query.md), over it on a slower machine, and then requests queue for the budget and panels show
        // errors. What the tests check is the dashboards, not the budget (QuerySchedulerTest, QueryConcurrencyIT):
        // the operator gives the demo tenant one core, as it would a tenant whose dashboards need more.
        assertThat(STACK.limits("demo", "query_eval_ms_per_second=1000")).isZero();
    }

    /**
     * One request of each kind per tenant before the timed tests: the first use of a new key goes to the
     * tenant-service (cold JVM paths, then cached). The exactness tests send samples stamped in the current
     * second and need them at the pipeline before its 1 s window closes (ADR 002), which a cold first lookup
     * can delay past on this 2-core machine.
     */
    private static void warmUp(Api.Tenant tenant) throws Exception {
        long now = System.currentTimeMillis();
        assertThat(Api.push(tenant.key(), Samples.json(Samples.gauge("e2e_warmup", 1, now)))
                        .status())
                .isEqualTo(200);
        Api.statsd(tenant.key() + ".e2e_warmup:1|c");
        assertThat(Api.query(tenant.key(), "e2e_warmup", now / 1000.0).status()).isEqualTo(200);
    }

    @AfterAll
    static void downLeavesNoProcess() throws Exception {
        if (STACK.upTime == null) {
            return; // up failed and already stopped what it started
        }
        List<Long> pids = STACK.recordedPids();
        long rssKib = STACK.residentKib(pids);
        report(String.format(
                Locale.ROOT,
                "up-to-ready-ui-seconds=%.1f%nstack-rss-mib=%d%ncomponents=%d%n",
                STACK.upTime.toMillis() / 1000.0,
                rssKib / 1024,
                pids.size()));
        assertThat(STACK.down()).isZero();
        assertThat(LocalStack.livingMembers(pids))
                .as("processes of the stack still running after down")
                .isEmpty();
        assertThat(Files.exists(STACK.home.resolve("postgres/data/postmaster.pid")))
                .isFalse();
    }

    /**
     * On one machine the gateway runs at a lower CPU weight than the rest of the stack (`up`, PB_INGEST_NICE): flat
     * out, ingest at an equal share outran the pipeline and the store and dashboards fell seconds behind.
     */
    @Test
    @Order(0)
    void ingestYieldsTheCoresToThePipelineAndTheStoreWhenTheyAreShort() throws Exception {
        assertThat(LocalStack.niceOf(STACK.pidOf("ingest-gateway"))).isEqualTo(10);
        assertThat(LocalStack.niceOf(STACK.pidOf("prometheus"))).isZero();
        assertThat(LocalStack.niceOf(STACK.pidOf("kafka"))).isZero();
    }

    @Test
    @Order(1)
    void eachTenantReadsBackItsOwnExact1sAggregatesFromHttpAndStatsd() throws Exception {
        long s = Seconds.startOfFreshSecond();
        long unix = s / 1000;
        Api.statsd(a.key() + ".e2e_udp:5|c|#instance:u-1|T" + unix + "\n" + a.key() + ".e2e_udp:5|c|#instance:u-1|T"
                + unix + "\n" + a.key() + ".e2e_udp:5|c|#instance:u-1|T" + unix);
        Api.statsd(b.key() + ".e2e_udp:7|c|#instance:u-1|T" + unix);
        Api.Reply pushA = Api.push(
                a.key(),
                Samples.json(
                        Samples.gauge("e2e_requests", 1, s + 100),
                        Samples.gauge("e2e_requests", 4, s + 200),
                        Samples.gauge("e2e_requests", 2, s + 300),
                        Samples.gauge("e2e_requests", 3, s + 400),
                        Samples.histogram("e2e_latency_seconds", 0.1, s + 100),
                        Samples.histogram("e2e_latency_seconds", 0.2, s + 200)));
        Api.Reply pushB = Api.push(
                b.key(),
                Samples.json(Samples.gauge("e2e_requests", 10, s + 150), Samples.gauge("e2e_requests", 20, s + 250)));
        assertThat(pushA.status()).as(pushA.raw()).isEqualTo(200);
        assertThat(pushB.status()).as(pushB.raw()).isEqualTo(200);

        Aggregates.assertGauge(a, "e2e_requests", s, 3, 1, 4);
        Aggregates.assertGauge(b, "e2e_requests", s, 20, 10, 20);
        Aggregates.assertCounter(a, "e2e_udp", s, 15);
        Aggregates.assertCounter(b, "e2e_udp", s, 7);
        Aggregates.assertHistogram(a, "e2e_latency_seconds", s, 2, 0.3);
    }

    @Test
    @Order(2)
    void aFarFutureSampleIsRejectedWhileTheOtherTenantsSameSecondIsStored() throws Exception {
        long s = Seconds.startOfFreshSecond();
        Api.Reply pushA = Api.push(
                a.key(),
                Samples.json(Samples.gauge("e2e_clock", 7, s + 100), Samples.gauge("e2e_clock", 99, s + 86_400_000L)));
        Api.Reply pushB = Api.push(b.key(), Samples.json(Samples.gauge("e2e_clock", 5, s + 200)));

        assertThat(pushA.status()).as(pushA.raw()).isEqualTo(400);
        assertThat(pushA.body().get("accepted").asInt()).isEqualTo(1);
        JsonNode error = pushA.body().get("errors").get(0);
        assertThat(error.get("index").asInt()).isEqualTo(1);
        assertThat(error.get("id").asText()).isEqualTo("err-pb-sample-too-far-in-future");
        assertThat(error.get("message").asText()).contains("future");
        assertThat(pushB.status()).as(pushB.raw()).isEqualTo(200);

        Aggregates.assertGauge(b, "e2e_clock", s, 5, 5, 5);
        Aggregates.assertGauge(a, "e2e_clock", s, 7, 7, 7);
        Api.Reply future = Api.query(a.key(), "e2e_clock:1s_max", (s + 86_400_000L) / 1000.0);
        assertThat(future.body().get("data").get("result"))
                .as("the future sample never reached the store")
                .isEmpty();
    }

    @Test
    @Order(3)
    void requestsWithoutAKeyOrAimedAtAnotherTenantAreRefused() throws Exception {
        double now = System.currentTimeMillis() / 1000.0;
        assertThat(Api.query(null, "e2e_requests", now).status()).isEqualTo(401);
        assertThat(Api.query("pbk_" + "0".repeat(40), "e2e_requests", now).status())
                .isEqualTo(401);
        Api.Reply foreign = Api.query(b.key(), "e2e_requests{tenant=\"" + a.id() + "\"}", now);
        assertThat(foreign.status()).as(foreign.raw()).isEqualTo(403);
        assertThat(foreign.raw()).contains("err-pb-query-other-tenant");
        String sample = Samples.json(Samples.gauge("e2e_requests", 1, System.currentTimeMillis()));
        assertThat(Api.push(null, sample).status()).isEqualTo(401);
        assertThat(Api.push("pbk_" + "f".repeat(40), sample).status()).isEqualTo(401);
        Api.Reply spoof = Api.push(
                b.key(),
                "{\"samples\":[{\"name\":\"e2e_spoof\",\"type\":\"gauge\",\"value\":1," + "\"labels\":{\"tenant\":\""
                        + a.id() + "\"}}]}");
        assertThat(spoof.status()).isEqualTo(400);
        assertThat(spoof.raw()).contains("err-pb-reserved-label-name");
    }

    @Test
    @Order(4)
    void theDemoTenantsDashboardShowsLiveDataInHeadlessChromium() throws Exception {
        Path screenshot = STACK.root.resolve("deploy/target/screenshots/demo-dashboard.png");
        int points = DashboardBrowser.loginAndCapture(
                "http://127.0.0.1:" + LocalStack.TENANT_PORT + "/app/",
                "demo@pulseboard.local",
                "demo-pulseboard",
                screenshot);
        assertThat(points).as("points drawn on the demo chart").isGreaterThan(10);
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }

    /**
     * Issue 9's browser test: the operations dashboard (dashboards/real-time-operations.json, rendered from its Grafana
     * JSON) shows live data, refreshes every second, follows a variable, drills down to the detail dashboard and back
     * keeping range and variables, and saves an edit for the organisation.
     */
    @Test
    @Order(4)
    void theOperationsDashboardIsLiveFollowsVariablesDrillsDownAndBackAndSavesAnEdit() throws Exception {
        DashboardBrowser.DashboardJourney seen = DashboardBrowser.operationsDashboardJourney(
                "http://127.0.0.1:" + LocalStack.TENANT_PORT,
                "demo@pulseboard.local",
                "demo-pulseboard",
                STACK.root.resolve("deploy/target/screenshots"));
        assertThat(seen.liveSeries()).as("request rate of every demo instance").isEqualTo(10);
        assertThat(seen.secondsPerRefresh()).as("seconds per refresh").isBetween(0.5, 1.6);
        assertThat(seen.newestPointsSeen())
                .as("newest points seen while it refreshed")
                .hasSizeGreaterThanOrEqualTo(3);
        assertThat(seen.seriesAfterChoosingOneInstance()).isEqualTo(1);
        assertThat(seen.urlAfterChoosing()).contains("var-instance=web-3");
        assertThat(seen.drillUrl())
                .contains("uid=pulseboard-ops-detail", "var-instance=web-3", "from=now-5m", "to=now");
        assertThat(seen.detailPaths()).containsExactlyInAnyOrder("/api/cart", "/api/orders", "/api/products");
        assertThat(seen.backUrl()).contains("uid=pulseboard-ops&", "from=now-15m", "var-instance=web-3");
        assertThat(seen.instanceSelectedAfterBack()).containsExactly("web-3");
        assertThat(seen.titleAfterSave()).isEqualTo("Operations, edited in the browser test");
        assertThat(seen.titleAfterReload()).isEqualTo("Operations, edited in the browser test");
        assertThat(seen.sourceAfterReload()).isEqualTo("yours, version 1");
        assertThat(seen.listedAs()).contains("Operations, edited in the browser test", "yours (replaces reference)");
    }

    @Test
    @Order(5)
    void signingUpInTheBrowserByTheMailedLinkShowsAWorkingKeyOnceWithSnippets() throws Exception {
        String tenant = "e2e-ui-" + ThreadLocalRandom.current().nextInt(1000, 9999);
        DashboardBrowser.SignupPage page = DashboardBrowser.signup(
                "http://127.0.0.1:" + LocalStack.TENANT_PORT,
                "http://127.0.0.1:" + LocalStack.MAIL_API_PORT,
                "E2E UI Corp",
                tenant,
                tenant + "@e2e.pulseboard.local",
                "e2e-ui-password",
                STACK.root.resolve("deploy/target/screenshots/signup-key.png"));
        assertThat(page.summary()).contains("E2E UI Corp", tenant, tenant + "@e2e.pulseboard.local");
        assertThat(page.key()).matches("pbk_[0-9a-f]{40}");
        assertThat(page.curl())
                .contains(
                        "Authorization: Bearer " + page.key(),
                        "http://127.0.0.1:" + LocalStack.GATEWAY_PORT + "/api/v1/push");
        assertThat(page.statsd()).contains(page.key() + ".user_sessions_active:17|g");
        Api.Reply push = Api.push(page.key(), Samples.json(Samples.gauge("e2e_ui", 1, System.currentTimeMillis())));
        assertThat(push.status()).as(push.raw()).isEqualTo(200);
    }

    @Test
    @Order(6)
    void anOffTheShelfStatsdClientAuthenticatesWithTheKeyAsItsPrefix() throws Exception {
        int rc = StatsdClients.hotShots(
                STACK.root.resolve("deploy/statsd-clients"),
                STACK.home,
                a.key(),
                LocalStack.STATSD_PORT,
                "e2e_hotshots",
                42,
                "instance=h-1");
        assertThat(rc).as("hot-shots exit code").isZero();
        JsonNode result = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> Api.query(a.key(), "max_over_time(e2e_hotshots[1m])", System.currentTimeMillis() / 1000.0)
                                .body()
                                .get("data")
                                .get("result"),
                        r -> !r.isEmpty());
        assertThat(result)
                .as("hot-shots gauge stored for " + a.id() + "; gateway counters:\n" + Api.gatewayCounters(a.id()))
                .hasSize(1);
        assertThat(result.get(0).get("metric").get("instance").asText()).isEqualTo("h-1");
        assertThat(result.get(0).get("metric").get("tenant").asText()).isEqualTo(a.id());
        assertThat(result.get(0).get("value").get(1).asText()).isEqualTo("42");
    }

    @Test
    @Order(6)
    void hotShotsGaugeChangesAreAppliedToTheGaugeAsStatsdAppliesThem() throws Exception {
        int rc = StatsdClients.hotShots(
                STACK.root.resolve("deploy/statsd-clients"),
                STACK.home,
                a.key(),
                LocalStack.STATSD_PORT,
                "e2e_queue_depth",
                10,
                "instance=h-2",
                5,
                -2);
        assertThat(rc).as("hot-shots exit code").isZero();
        JsonNode result = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> Api.query(a.key(), "e2e_queue_depth", System.currentTimeMillis() / 1000.0)
                                .body()
                                .get("data")
                                .get("result"),
                        r -> !r.isEmpty()
                                && "13".equals(r.get(0).get("value").get(1).asText()));
        assertThat(result).as("10, then +5 and -2").hasSize(1);
    }

    @Test
    @Order(7)
    void everyQueryOfEveryDashboardAnswersForTheDemoTenant() throws Exception {
        String demoKey = Files.readString(STACK.home.resolve("demo.key")).trim();
        List<String> queries = new ArrayList<>();
        try (var files = Files.list(STACK.root.resolve("dashboards"))) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
                for (JsonNode panel : dashboard.path("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        String expr = target.path("expr").asText();
                        if (!expr.startsWith("ALERTS")) { // firing alerts: none expected in a calm demo
                            // template variables as Grafana sends "All"
                            queries.add(expr.replace("$instance", ".*").replace("$region", ".*"));
                        }
                    }
                }
            }
        }
        assertThat(queries).as("operations, business and executive dashboards").hasSizeGreaterThanOrEqualTo(17);
        for (String q : queries) {
            JsonNode result = await(q).atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(
                            () -> Api.query(demoKey, q, System.currentTimeMillis() / 1000.0)
                                    .body()
                                    .path("data")
                                    .path("result"),
                            r -> !r.isEmpty());
            for (JsonNode row : result) {
                assertThat(Double.parseDouble(row.path("value").get(1).asText()))
                        .as("%s: %s", q, row)
                        .isNotNaN();
            }
        }
    }

    @Test
    @Order(8)
    void platformMetricsAndOperationalEndpointsStayOutOfTenantReach() throws Exception {
        // The gateway's own counters name tenant a; the stack's Prometheus scrapes them (every 5 s) ...
        JsonNode scraped = await("gateway counters of tenant a scraped")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> Api.prometheus("pulseboard_received_samples_total{subject_tenant=\"" + a.id() + "\"}")
                                .body()
                                .path("data")
                                .path("result"),
                        r -> !r.isEmpty());
        assertThat(scraped.get(0).path("metric").has("tenant")).isFalse();
        // ... and not one of them answers tenant a's own queries, however asked.
        double now = System.currentTimeMillis() / 1000.0;
        for (String q : List.of(
                "pulseboard_received_samples_total",
                "{__name__=~\"pulseboard_(received|discarded).*\"}",
                "count({job=~\"pulseboard-.*\"})",
                "{subject_tenant=\"" + a.id() + "\"}")) {
            Api.Reply r = Api.query(a.key(), q, now);
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
            assertThat(r.body().path("data").path("result")).as(q).isEmpty();
        }
        // Health and metrics are not served on the tenant-facing ports at all.
        for (String url : List.of(
                Api.gateway("/q/metrics"),
                Api.gateway("/q/health/ready"),
                Api.queryFrontend("/q/metrics"),
                Api.queryFrontend("/q/health/ready"),
                Api.tenantService("/q/metrics"),
                Api.tenantService("/q/health/ready"))) {
            assertThat(Api.get(url).status()).as(url).isEqualTo(404);
        }
    }

    @Test
    @Order(9)
    void whatARealPrometheusAgentScrapesIsReadBackThroughTheTenantApiWithExactValues() throws Exception {
        String exposition = """
                # TYPE e2e_rw_requests_total counter
                e2e_rw_requests_total{path="/a"} 42
                # TYPE e2e_rw_temperature_celsius gauge
                e2e_rw_temperature_celsius{room="lab"} -3.25
                """;
        HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/metrics", exchange -> {
            byte[] body = exposition.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        target.start();
        try (PrometheusAgent agent = PrometheusAgent.start(
                "127.0.0.1:" + target.getAddress().getPort(), Api.gateway("/api/v1/write"), b.key())) {
            for (var expected : Map.of("e2e_rw_requests_total", "42", "e2e_rw_temperature_celsius", "-3.25")
                    .entrySet()) {
                JsonNode result = await(
                                expected.getKey() + " through the query API (agent log " + agent.logFile() + ")")
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(
                                () -> Api.query(b.key(), expected.getKey(), System.currentTimeMillis() / 1000.0)
                                        .body()
                                        .path("data")
                                        .path("result"),
                                r -> !r.isEmpty());
                assertThat(result).hasSize(1);
                assertThat(result.get(0).path("metric").path("tenant").asText()).isEqualTo(b.id());
                assertThat(result.get(0).path("metric").path("job").asText()).isEqualTo("app");
                assertThat(result.get(0).path("value").get(1).asText()).isEqualTo(expected.getValue());
            }
            // and the other tenant sees none of it
            assertThat(Api.query(a.key(), "e2e_rw_requests_total", System.currentTimeMillis() / 1000.0)
                            .body()
                            .path("data")
                            .path("result"))
                    .isEmpty();
        } finally {
            target.stop(0);
        }
    }

    @Test
    @Order(10)
    void whatTheOpenTelemetrySdkExportsIsReadBackThroughTheTenantApiWithExactValues() throws Exception {
        var exporter = OtlpHttpMetricExporter.builder()
                .setEndpoint(Api.gateway("/v1/metrics"))
                .addHeader("Authorization", "Bearer " + a.key())
                .build();
        try (SdkMeterProvider provider = SdkMeterProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "e2e-otlp")))
                .registerMetricReader(PeriodicMetricReader.builder(exporter)
                        .setInterval(Duration.ofHours(1))
                        .build())
                .build()) {
            Meter meter = provider.get("e2e");
            meter.counterBuilder("e2e.otlp.requests").build().add(5);
            meter.gaugeBuilder("e2e.otlp.temperature").setUnit("Cel").build().set(-3.25);
            assertThat(provider.forceFlush().join(20, TimeUnit.SECONDS).isSuccess())
                    .isTrue();
        }
        assertReadBack(
                Map.of("e2e_otlp_requests_total", "5", "e2e_otlp_temperature_celsius", "-3.25"), "e2e-otlp", null);
    }

    @Test
    @Order(11)
    void whatClientJavasPushGatewayClientPushesIsReadBackThroughTheTenantApiWithExactValues() throws Exception {
        CollectorRegistry registry = new CollectorRegistry();
        Counter.build("e2e_push_jobs_total", "jobs").register(registry).inc(7);
        Gauge.build("e2e_push_backlog", "backlog").register(registry).set(-1.5);
        PushGateway pushGateway = new PushGateway(URI.create(Api.gateway("")).toURL());
        pushGateway.setConnectionFactory(new BasicAuthHttpConnectionFactory("pulseboard", a.key()));
        pushGateway.push(registry, "e2e-batch", Map.of("instance", "nightly"));
        assertReadBack(Map.of("e2e_push_jobs_total", "7", "e2e_push_backlog", "-1.5"), "e2e-batch", "nightly");
    }

    /** Issue 8's keys page: a read-only key made in the browser reads but cannot write, and is refused once revoked. */
    @Test
    @Order(12)
    void aReadKeyMadeOnTheKeysPageReadsCannotWriteAndIsRefusedWithinFiveSecondsOfItsRevocation() throws Exception {
        double now = System.currentTimeMillis() / 1000.0;
        String sample = "{\"samples\":[{\"name\":\"e2e_read_key\",\"type\":\"gauge\",\"value\":1}]}";
        DashboardBrowser.KeysPage page = DashboardBrowser.createAndRevokeKey(
                "http://127.0.0.1:" + LocalStack.TENANT_PORT,
                "read",
                a.id() + "@e2e.pulseboard.local",
                "e2e-password-" + a.id(),
                key -> {
                    assertThat(Api.query(key, "up", now).status())
                            .as("a read key reads")
                            .isEqualTo(200);
                    Api.Reply write = Api.push(key, sample);
                    assertThat(write.status()).as("a read key cannot write").isEqualTo(403);
                    assertThat(write.raw()).contains("err-pb-key-scope-missing");
                },
                key -> await().atMost(Duration.ofSeconds(5))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> Api.query(key, "up", now).status() == 401),
                STACK.root.resolve("deploy/target/screenshots/keys-page.png"));
        assertThat(page.rowWhenCreated())
                .contains("read")
                .doesNotContain("ingest")
                .contains("active");
        assertThat(page.rowWhenCreated()).as("not used yet").contains("never");
        assertThat(page.rowWhenUsed()).as("its use at the query frontend shown").doesNotContain("never");
        assertThat(page.rowWhenRevoked()).contains("revoked");
        assertThat(page.snippet()).contains(Api.queryFrontend("/api/v1/query"), "Authorization: Bearer " + page.key());
    }

    @Test
    @Order(13)
    void aWebhookRuleMadeInTheBrowserTurnsASignedProviderEventIntoSamplesReadBackThroughTheApi() throws Exception {
        DashboardBrowser.WebhookPage page = DashboardBrowser.createWebhookRule(
                "http://127.0.0.1:" + LocalStack.TENANT_PORT,
                a.id() + "@e2e.pulseboard.local",
                "e2e-password-" + a.id(),
                "github",
                STACK.root.resolve("deploy/target/screenshots/webhook-rule.png"));
        assertThat(page.url()).startsWith(Api.gateway("/webhooks/wh_"));
        assertThat(page.firstTestedSample()).contains("payments_amount", "currency=\"eur\"", "24.99");
        // the page's example event, as a payment provider would send it, signed the way GitHub signs
        String event = """
                {"type": "payment_intent.succeeded", "created": %d,
                 "data": {"object": {"amount_received": 1250, "currency": "chf"}}}
                """.formatted(System.currentTimeMillis() / 1000);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(page.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(mac.doFinal(event.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> delivered = Api.HTTP.send(
                HttpRequest.newBuilder(URI.create(page.url()))
                        .timeout(Duration.ofSeconds(15))
                        .header("Content-Type", "application/json")
                        .header("X-Hub-Signature-256", "sha256=" + signature)
                        .POST(HttpRequest.BodyPublishers.ofString(event))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(200);
        JsonNode result = await("payments_amount through the query API")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> Api.query(
                                        a.key(),
                                        "payments_amount{currency=\"chf\"}",
                                        System.currentTimeMillis() / 1000.0)
                                .body()
                                .path("data")
                                .path("result"),
                        r -> !r.isEmpty());
        assertThat(result).hasSize(1);
        assertThat(result.get(0).path("value").get(1).asText()).isEqualTo("12.5");
    }

    /** Issue 8's members page: an invitation made in the browser is accepted in another, roles apply and are audited. */
    @Test
    @Order(14)
    void anInvitationMadeOnTheMembersPageIsAcceptedInTheNewcomersBrowserAndTheRoleChangeIsAudited() throws Exception {
        String newcomer = "newcomer-" + System.currentTimeMillis() + "@e2e.pulseboard.local";
        DashboardBrowser.MembersJourney journey = DashboardBrowser.membersJourney(
                "http://127.0.0.1:" + LocalStack.TENANT_PORT,
                a.id() + "@e2e.pulseboard.local",
                "e2e-password-" + a.id(),
                newcomer,
                "newcomer-password-1",
                STACK.root.resolve("deploy/target/screenshots"));
        assertThat(journey.inviteLink()).startsWith("http://127.0.0.1:" + LocalStack.TENANT_PORT + "/invite.html#");
        assertThat(journey.invitationSummary()).contains(newcomer, "editor");
        assertThat(journey.newcomerWhoami()).contains("editor", newcomer);
        assertThat(journey.newcomerSeesInviteForm())
                .as("an editor cannot invite")
                .isFalse();
        assertThat(journey.memberRowAfterRoleChange()).contains(newcomer).endsWith("role=viewer");
        assertThat(journey.auditLog())
                .contains("invitation.accepted", "member.invited", "member.role-changed", newcomer);
    }

    /**
     * Issue 8: a limit changed through the control plane's API takes effect at the running gateway, without a restart,
     * the refusals and the limit show on the tenant's usage page, and the limit is lifted the same way. The operator's
     * {@code ./pulseboard limits} calls tenant-service, which writes the tenant-limits topic the gateway follows.
     */
    @Test
    @Order(15)
    void anIngestRateSetThroughTheControlPlaneIsEnforcedByTheGatewayShownOnTheUsagePageAndLiftedAgain()
            throws Exception {
        StringBuilder samples = new StringBuilder("{\"samples\":[");
        for (int i = 0; i < 10; i++) {
            samples.append(i == 0 ? "" : ",").append("{\"name\":\"e2e_limited\",\"type\":\"counter\",\"value\":1}");
        }
        String tenSamples = samples.append("]}").toString();
        assertThat(Api.push(b.key(), tenSamples).status())
                .as("before: no rate limit")
                .isEqualTo(200);

        assertThat(STACK.limits(b.id(), "ingest_rate=1", "ingest_burst=5")).isZero();
        Api.Reply limited = await("the gateway applies the new rate")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Api.push(b.key(), tenSamples), r -> r.status() == 429);
        assertThat(limited.raw()).contains("err-pb-rate-limited");
        assertThat(Api.push(a.key(), tenSamples).status())
                .as("another tenant is not limited")
                .isEqualTo(200);
        // Refused pushes, one a second, across more than one scrape (5 s): the refusals counter grows between scrapes.
        await("refused for 7 s")
                .during(Duration.ofSeconds(7))
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> Api.push(b.key(), tenSamples).status() == 429);
        DashboardBrowser.UsagePage usage = DashboardBrowser.usagePage(
                "http://127.0.0.1:" + LocalStack.TENANT_PORT,
                b.id() + "@e2e.pulseboard.local",
                "e2e-password-" + b.id(),
                "err-pb-rate-limited",
                STACK.root.resolve("deploy/target/screenshots/usage-page.png"));
        assertThat(usage.usage()).contains("limit 1 samples/s");
        assertThat(usage.discardedRow()).startsWith("gateway err-pb-rate-limited");
        assertThat(Long.parseLong(usage.discardedRow().replaceAll(".* ", "").replace(",", "")))
                .as("at least one refused push after the first scrape")
                .isGreaterThanOrEqualTo(10);
        assertThat(usage.limits()).contains("ingest_burst 5", "ingest_rate 1");

        assertThat(STACK.limits(b.id())).as("no field: back to the defaults").isZero();
        await("the gateway lifts the rate")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Api.push(b.key(), tenSamples).status() == 200);
    }

    /** Issue 8: an ingest key made on the keys page sends, and the gateway refuses it within 5 s of its revocation. */
    @Test
    @Order(16)
    void anIngestKeyRevokedOnTheKeysPageIsRefusedByTheGatewayWithinFiveSeconds() throws Exception {
        String sample = "{\"samples\":[{\"name\":\"e2e_ingest_key\",\"type\":\"counter\",\"value\":1}]}";
        DashboardBrowser.KeysPage page = DashboardBrowser.createAndRevokeKey(
                "http://127.0.0.1:" + LocalStack.TENANT_PORT,
                "ingest",
                a.id() + "@e2e.pulseboard.local",
                "e2e-password-" + a.id(),
                key -> assertThat(Api.push(key, sample).status())
                        .as("a new ingest key sends")
                        .isEqualTo(200),
                key -> await("the gateway refuses the revoked key")
                        .atMost(Duration.ofSeconds(5))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> Api.push(key, sample).status() == 401),
                STACK.root.resolve("deploy/target/screenshots/keys-ingest.png"));
        assertThat(page.rowWhenCreated()).contains("ingest").doesNotContain("read");
        assertThat(page.rowWhenCreated()).as("not used yet").contains("never");
        assertThat(page.rowWhenUsed()).as("its use at the gateway shown").doesNotContain("never");
        assertThat(page.rowWhenRevoked()).contains("revoked");
    }

    /**
     * Issue 8: an owner deletes the organisation on the members page: its keys stop working at once, and after the
     * grace period (0 s in this stack) its series are deleted from the store and its tenant id is free again.
     */
    @Test
    @Order(17)
    void anOwnerDeletesTheOrganizationAndItsKeysAndDataAreGone() throws Exception {
        Api.Tenant doomed = Api.signup("e2e-del-" + System.currentTimeMillis() % 100_000);
        String sample = "{\"samples\":[{\"name\":\"e2e_doomed\",\"type\":\"gauge\",\"value\":7}]}";
        assertThat(Api.push(doomed.key(), sample).status()).isEqualTo(200);
        String series = "e2e_doomed{tenant=\"" + doomed.id() + "\"}";
        await("the doomed tenant's series is stored")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> Api.prometheus(series)
                                .body()
                                .path("data")
                                .path("result")
                                .size()
                        > 0);

        String said = DashboardBrowser.deleteOrganization(
                "http://127.0.0.1:" + LocalStack.TENANT_PORT,
                doomed.id() + "@e2e.pulseboard.local",
                "e2e-password-" + doomed.id(),
                doomed.id(),
                STACK.root.resolve("deploy/target/screenshots/organization-deleted.png"));
        assertThat(said).contains(doomed.id(), "being deleted");
        await("the gateway refuses the deleted organisation's key")
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> Api.push(doomed.key(), sample).status() == 401);
        await("its series are deleted from the store")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> Api.prometheus("count({tenant=\"" + doomed.id() + "\"})")
                        .body()
                        .path("data")
                        .path("result")
                        .isEmpty());
        await("its tenant id is free again")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> Api.signupAs(doomed.id(), "again-" + doomed.id() + "@e2e.pulseboard.local")
                                .status()
                        == 201);
    }

    /** Each series (name to value) is read back through tenant a's query API, once, with this job (and instance). */
    private static void assertReadBack(Map<String, String> expected, String job, String instance) {
        for (var series : expected.entrySet()) {
            JsonNode result = await(series.getKey() + " through the query API")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(
                            () -> Api.query(a.key(), series.getKey(), System.currentTimeMillis() / 1000.0)
                                    .body()
                                    .path("data")
                                    .path("result"),
                            r -> !r.isEmpty());
            assertThat(result).hasSize(1);
            assertThat(result.get(0).path("metric").path("job").asText()).isEqualTo(job);
            if (instance != null) {
                assertThat(result.get(0).path("metric").path("instance").asText())
                        .isEqualTo(instance);
            }
            assertThat(result.get(0).path("value").get(1).asText()).isEqualTo(series.getValue());
        }
    }

    private static void report(String text) throws Exception {
        Path file = STACK.root.resolve("deploy/target/stack-report.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        System.out.print(text);
    }
}
