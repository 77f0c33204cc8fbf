package dev.pulseboard.gateway.ingest.webhook;

import static dev.pulseboard.gateway.testing.MetricsRawRecords.labels;
import static dev.pulseboard.gateway.testing.MetricsRawRecords.names;
import static dev.pulseboard.gateway.testing.MetricsRawRecords.one;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.pulseboard.contract.webhook.WebhookRuleWriter;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.WebhookRule;
import dev.pulseboard.gateway.testing.KafkaTestCluster;
import dev.pulseboard.gateway.testing.MetricsRawRecords;
import dev.pulseboard.gateway.testing.MetricsRawRecords.Received;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Webhooks into metrics-raw: recorded provider payloads (a Stripe event, a GitHub push), signed as each provider signs,
 * turned into samples by a rule written to the webhook-rules topic as tenant-service writes it.
 */
@QuarkusTest
@WithTestResource(KafkaTestCluster.class)
class WebhookIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String STRIPE_MAPPING = """
            {"when": {"path": "$.type", "equals": "payment_intent.succeeded"},
             "time": {"path": "$.created", "format": "unix_s"},
             "labels": {"currency": "$.data.object.currency", "region": "$.data.object.metadata.region"},
             "samples": [{"name": "payments_amount", "type": "counter", "value": "$.data.object.amount_received",
                          "scale": 0.01},
                         {"name": "payments", "type": "counter", "value": 1}]}
            """;

    @ConfigProperty(name = "pulseboard.gateway.kafka.bootstrap-servers")
    String bootstrap;

    @Test
    void aRecordedStripeEventSignedAsStripeSignsBecomesTheExpectedSamples() throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String secret = "whsec_" + run + "stripe";
        String rule = put("wh_stripe_" + run, "acme", "stripe", secret, STRIPE_MAPPING);
        long now = System.currentTimeMillis() / 1000;
        String body = recorded("stripe-payment_intent.succeeded.json")
                .replace("\"created\": 1796000000", "\"created\": " + now)
                .replace("eu-west", "r-" + run);
        String t = Long.toString(now);
        awaitServed(rule);
        given().header("Stripe-Signature", stripeSignature(secret, t, body))
                .contentType("application/json")
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post("/webhooks/" + rule)
                .then()
                .statusCode(200)
                .body("accepted", equalTo(2))
                .body("skipped", equalTo(0));

        List<Received> got = MetricsRawRecords.awaitUntil(
                bootstrap,
                r -> MetricsRawRecords.hasLabel(r.sample(), "region", "r-" + run),
                names("payments_amount", "payments"),
                WAIT);
        assertThat(got).allSatisfy(r -> {
            assertThat(r.batch().getTenant()).isEqualTo("acme");
            assertThat(r.batch().getSource()).isEqualTo("webhook");
            assertThat(r.sample().getTimestampMs()).isEqualTo(now * 1000);
            assertThat(labels(r)).containsExactly("currency=eur", "region=r-" + run);
        });
        Received amount = one(got, "payments_amount", Optional.empty());
        assertThat(amount.sample().getValue()).isEqualTo(24.99);
        assertThat(amount.sample().getType()).isEqualTo(MetricType.COUNTER);
        assertThat(one(got, "payments", Optional.empty()).sample().getValue()).isEqualTo(1);

        // another event type is skipped, not refused
        String refund = body.replace("payment_intent.succeeded", "charge.refunded");
        given().header("Stripe-Signature", stripeSignature(secret, t, refund))
                .body(refund.getBytes(StandardCharsets.UTF_8))
                .post("/webhooks/" + rule)
                .then()
                .statusCode(200)
                .body("accepted", equalTo(0))
                .body("skipped", equalTo(1));
    }

    @Test
    void aForgedStaleOrMissingSignatureAndAnUnknownRuleAreRefusedBeforeTheBodyIsUsed() throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String secret = "whsec_" + run;
        String rule = put("wh_forged_" + run, "acme", "stripe", secret, STRIPE_MAPPING);
        awaitServed(rule);
        String body = recorded("stripe-payment_intent.succeeded.json");
        long now = System.currentTimeMillis() / 1000;
        given().header("Stripe-Signature", stripeSignature("whsec_other", now, body))
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post("/webhooks/" + rule)
                .then()
                .statusCode(401)
                .body("id", equalTo("err-pb-webhook-signature-invalid"));
        long old = now - 3600;
        given().header("Stripe-Signature", stripeSignature(secret, old, body))
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post("/webhooks/" + rule)
                .then()
                .statusCode(401)
                .body("detail", containsString("replay"));
        given().body(body.getBytes(StandardCharsets.UTF_8))
                .post("/webhooks/" + rule)
                .then()
                .statusCode(401)
                .body("id", equalTo("err-pb-webhook-signature-invalid"));
        given().body("{}")
                .post("/webhooks/wh_nobody")
                .then()
                .statusCode(404)
                .body("id", equalTo("err-pb-webhook-unknown"));

        // deleting the rule (a tombstone) makes its URL unknown on the gateway
        try (WebhookRuleWriter writer = new WebhookRuleWriter(bootstrap, Duration.ofSeconds(10))) {
            writer.delete(rule);
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> given().body("{}").post("/webhooks/" + rule).statusCode() == 404);
    }

    @Test
    void aGithubPushAndAStandardWebhooksEventEachFindTheirTenant() throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String githubSecret = "gh-" + run;
        String github = put("wh_gh_" + run, "globex", "github", githubSecret, """
                {"labels": {"repository": "$.repository.full_name", "ref": "$.ref"},
                 "samples": [{"name": "git_pushes", "type": "counter", "value": 1},
                             {"name": "git_push_commits", "type": "counter", "value": "$.commits.length()"}]}
                """);
        String standardKey = Base64.getEncoder()
                .encodeToString(("sw-" + run + "-0123456789abcdef").getBytes(StandardCharsets.UTF_8));
        String standard = put("wh_sw_" + run, "acme", "standard-webhooks", "whsec_" + standardKey, """
                {"items": "$.data.lines[*]", "labels": {"sku": "$.sku"},
                 "samples": [{"name": "order_units", "type": "gauge", "value": "$.qty"}]}
                """);
        awaitServed(github);
        awaitServed(standard);
        String push = recorded("github-push.json").replace("refs/heads/main", "refs/heads/" + run);
        given().header(
                        "X-Hub-Signature-256",
                        "sha256=" + hex(hmac(githubSecret.getBytes(StandardCharsets.UTF_8), push)))
                .header("X-GitHub-Event", "push")
                .body(push.getBytes(StandardCharsets.UTF_8))
                .post("/webhooks/" + github)
                .then()
                .statusCode(200)
                .body("accepted", equalTo(2));
        String order = """
                {"type": "order.created", "data": {"lines": [{"sku": "a-%s", "qty": 3}, {"sku": "b-%s", "qty": 1.5}]}}
                """.formatted(run, run);
        String id = "msg_" + run;
        String ts = Long.toString(System.currentTimeMillis() / 1000);
        String sig = Base64.getEncoder()
                .encodeToString(hmac(Base64.getDecoder().decode(standardKey), id + "." + ts + "." + order));
        given().header("webhook-id", id)
                .header("webhook-timestamp", ts)
                .header("webhook-signature", "v1,AAAA v1," + sig)
                .body(order.getBytes(StandardCharsets.UTF_8))
                .post("/webhooks/" + standard)
                .then()
                .statusCode(200)
                .body("accepted", equalTo(2));

        List<Received> pushes = MetricsRawRecords.awaitUntil(
                bootstrap,
                r -> MetricsRawRecords.hasLabel(r.sample(), "ref", "refs/heads/" + run),
                names("git_pushes", "git_push_commits"),
                WAIT);
        assertThat(pushes).allSatisfy(r -> assertThat(r.batch().getTenant()).isEqualTo("globex"));
        assertThat(one(pushes, "git_push_commits", Optional.of("repository=baxterthehacker/public-repo"))
                        .sample()
                        .getValue())
                .isEqualTo(2);
        List<Received> orders = MetricsRawRecords.await(
                bootstrap,
                r -> r.sample().getName().equals("order_units")
                        && labels(r).toString().contains(run),
                2,
                WAIT);
        assertThat(orders).allSatisfy(r -> assertThat(r.batch().getTenant()).isEqualTo("acme"));
        assertThat(one(orders, "order_units", Optional.of("sku=b-" + run))
                        .sample()
                        .getValue())
                .isEqualTo(1.5);
    }

    private String put(String id, String tenant, String scheme, String secret, String mapping) {
        try (WebhookRuleWriter writer = new WebhookRuleWriter(bootstrap, Duration.ofSeconds(10))) {
            writer.put(WebhookRule.newBuilder()
                    .setTenant(tenant)
                    .setRuleId(id)
                    .setName(id)
                    .setScheme(scheme)
                    .setSecret(secret)
                    .setMappingJson(mapping)
                    .build());
        }
        return id;
    }

    /** The gateway has read the rule (an unsigned request is then 401, not 404). */
    private static void awaitServed(String rule) {
        await().atMost(Duration.ofSeconds(5))
                .until(() -> given().body("{}").post("/webhooks/" + rule).statusCode() == 401);
    }

    private static String recorded(String name) throws IOException {
        try (InputStream in = WebhookIT.class.getResourceAsStream("/webhooks/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** {@code Stripe-Signature} as Stripe sends it: the signed timestamp and the hex HMAC of "t.body". */
    private static String stripeSignature(String secret, Object t, String body) {
        return "t=" + t + ",v1=" + hex(hmac(secret.getBytes(StandardCharsets.UTF_8), t + "." + body));
    }

    private static byte[] hmac(byte[] key, String data) {
        return WebhookSignatures.hmac(key, data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
