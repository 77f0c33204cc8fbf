package dev.pulseboard.tenant.webhooks;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.pulseboard.contract.wire.Topics;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.WebhookRule;
import dev.pulseboard.tenant.testing.EchoQueryFrontendTestResource;
import dev.pulseboard.tenant.testing.KafkaTestResource;
import dev.pulseboard.tenant.testing.KeycloakTestResource;
import dev.pulseboard.tenant.testing.PostgresTestResource;
import dev.pulseboard.tenant.testing.TestUsers;
import dev.pulseboard.tenant.testing.TestUsers.SignedUp;
import dev.pulseboard.testing.kafka.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** /api/webhooks: rules scoped to their organization, published to the gateways, tried on a recorded payload. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = KeycloakTestResource.class, parallel = true)
@WithTestResource(value = EchoQueryFrontendTestResource.class)
class WebhookApiIT {
    private static final String STRIPE_RULE = """
            {"name": "Stripe payments", "scheme": "stripe", "secret": "whsec_from_the_stripe_dashboard",
             "mapping": {"when": {"path": "$.type", "equals": "payment_intent.succeeded"},
                         "labels": {"currency": "$.data.object.currency"},
                         "samples": [{"name": "payments_amount", "type": "counter",
                                      "value": "$.data.object.amount_received", "scale": 0.01},
                                     {"name": "payments", "type": "counter", "value": 1}]}}
            """;

    @ConfigProperty(name = "pulseboard.tenant.kafka.bootstrap-servers")
    String bootstrap;

    @Test
    void aRuleIsPublishedToTheGatewaysTestedOnARecordedPayloadAndDeletedWithATombstone() throws IOException {
        SignedUp a = TestUsers.signUp("hooks-a");
        SignedUp b = TestUsers.signUp("hooks-b");
        String tokenA = TestUsers.accessToken(a.email());
        String tokenB = TestUsers.accessToken(b.email());

        JsonPath created = given().auth()
                .oauth2(tokenA)
                .contentType("application/json")
                .body(STRIPE_RULE)
                .post("/api/webhooks")
                .then()
                .statusCode(201)
                .body("secret", equalTo("whsec_from_the_stripe_dashboard"))
                .body("rule.url", startsWith("http://127.0.0.1:19081/webhooks/wh_"))
                .extract()
                .jsonPath();
        String id = created.getString("rule.id");
        Optional<WebhookRule> published = latest().get(id);
        assertThat(published).as("on the webhook-rules topic before the answer").isPresent();
        assertThat(published.get().getTenant()).isEqualTo(a.tenant());
        assertThat(published.get().getScheme()).isEqualTo("stripe");
        assertThat(published.get().getSecret()).isEqualTo("whsec_from_the_stripe_dashboard");

        given().auth()
                .oauth2(tokenA)
                .get("/api/webhooks")
                .then()
                .statusCode(200)
                .body("[0].id", equalTo(id))
                .body("[0].mapping.samples[1].name", equalTo("payments"))
                .body(org.hamcrest.Matchers.not(containsString("whsec_from_the_stripe_dashboard")));

        String payload = recordedStripeEvent()
                .replace("\"created\": 1796000000", "\"created\": " + System.currentTimeMillis() / 1000);
        given().auth()
                .oauth2(tokenA)
                .contentType("application/json")
                .body(payload)
                .post("/api/webhooks/" + id + "/test")
                .then()
                .statusCode(200)
                .body("samples.size()", equalTo(2))
                .body("samples[0].name", equalTo("payments_amount"))
                .body("samples[0].value", equalTo(24.99f))
                .body("samples[0].labels.currency", equalTo("eur"))
                .body("samples[0].error", equalTo(null))
                .body("skipped", equalTo(0));

        // another organization sees nothing of it
        given().auth()
                .oauth2(tokenB)
                .get("/api/webhooks/" + id)
                .then()
                .statusCode(404)
                .body("id", equalTo("err-pb-webhook-rule-not-found"));
        given().auth().oauth2(tokenB).delete("/api/webhooks/" + id).then().statusCode(404);
        given().auth()
                .oauth2(tokenB)
                .contentType("application/json")
                .body(payload)
                .post("/api/webhooks/" + id + "/test")
                .then()
                .statusCode(404);

        given().auth().oauth2(tokenA).delete("/api/webhooks/" + id).then().statusCode(204);
        assertThat(latest().get(id)).as("a tombstone").isEmpty();
        given().auth().oauth2(tokenA).get("/api/webhooks/" + id).then().statusCode(404);
    }

    @Test
    void aBrokenMappingOrSchemeIsRefusedNamingTheProblemAndNothingIsSaved() {
        SignedUp a = TestUsers.signUp("hooks-bad");
        String token = TestUsers.accessToken(a.email());
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("""
                        {"name": "x", "scheme": "github",
                         "mapping": {"samples": [{"name": "a b", "type": "counter", "value": "amount"}]}}
                        """)
                .post("/api/webhooks")
                .then()
                .statusCode(400)
                .body("id", equalTo("err-pb-webhook-rule-invalid"))
                .body("detail", containsString("samples[0].name must be a metric name"))
                .body("detail", containsString("samples[0].value must be a JSONPath"));
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{\"name\": \"x\", \"scheme\": \"paypal\", \"mapping\": {}}")
                .post("/api/webhooks")
                .then()
                .statusCode(400)
                .body("id", equalTo("err-pb-webhook-rule-invalid"));
        given().auth().oauth2(token).get("/api/webhooks").then().statusCode(200).body("size()", equalTo(0));
        // a generated secret when none is given
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("""
                        {"name": "pushes", "scheme": "github",
                         "mapping": {"samples": [{"name": "git_pushes", "type": "counter", "value": 1}]}}
                        """)
                .post("/api/webhooks")
                .then()
                .statusCode(201)
                .body("secret", startsWith("whsec_"));
    }

    /** The newest value of every rule id on the webhook-rules topic (empty = tombstone). */
    private Map<String, Optional<WebhookRule>> latest() {
        Map<String, Optional<WebhookRule>> state = new HashMap<>();
        TopicReader.readToEnd(
                bootstrap,
                Topics.WEBHOOK_RULES,
                r -> state.put(
                        new String(r.key(), StandardCharsets.UTF_8),
                        r.value() == null
                                ? Optional.empty()
                                : Optional.of(WireCodec.decode(r.value(), WebhookRule.parser())
                                        .message())));
        return state;
    }

    private static String recordedStripeEvent() throws IOException {
        try (InputStream in =
                WebhookApiIT.class.getResourceAsStream("/webhooks/stripe-payment_intent.succeeded.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
