package dev.pulseboard.contract.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.Sample;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WebhookMapperTest {
    static final String STRIPE_PAYMENTS = """
            {"when": {"path": "$.type", "equals": "payment_intent.succeeded"},
             "time": {"path": "$.created", "format": "unix_s"},
             "labels": {"currency": "$.data.object.currency", "region": "$.data.object.metadata.region",
                        "livemode": "$.livemode", "absent": "$.data.object.nothing"},
             "samples": [{"name": "payments_amount", "type": "counter", "value": "$.data.object.amount_received",
                          "scale": 0.01},
                         {"name": "payments", "type": "counter", "value": 1}]}
            """;
    private static final long NOW = 1_796_000_005_000L;

    @Test
    void aRecordedStripeEventBecomesTheExpectedSamples() throws IOException {
        WebhookMapper.Result result = WebhookMapper.map(WebhookMapping.parse(STRIPE_PAYMENTS), stripeEvent(), NOW);
        assertThat(result.errors()).isEmpty();
        assertThat(result.skipped()).isZero();
        assertThat(result.samples())
                .extracting(WebhookMapperTest::render)
                .containsExactly(
                        "payments_amount{currency=eur,livemode=false,region=eu-west} 24.99 COUNTER @1796000000000",
                        "payments{currency=eur,livemode=false,region=eu-west} 1.0 COUNTER @1796000000000");
    }

    @Test
    void anotherEventTypeIsSkippedAndAMissingValueIsReportedPerSample() throws IOException {
        WebhookMapping mapping = WebhookMapping.parse(STRIPE_PAYMENTS);
        String refunded = stripeEvent().replace("payment_intent.succeeded", "charge.refunded");
        assertThat(WebhookMapper.map(mapping, refunded, NOW).skipped()).isEqualTo(1);
        String noAmount = stripeEvent().replace("\"amount_received\": 2499,", "");
        WebhookMapper.Result result = WebhookMapper.map(mapping, noAmount, NOW);
        assertThat(result.samples()).extracting(Sample::getName).containsExactly("payments");
        assertThat(result.errors())
                .containsExactly("sample 'payments_amount': $['data']['object']['amount_received'] is missing or not a"
                        + " number");
    }

    @Test
    void itemsYieldOneSetOfSamplesEachWithItemRelativePaths() {
        WebhookMapping mapping = WebhookMapping.parse("""
                {"items": "$.lines[*]", "time": {"path": "$.at", "format": "rfc3339"},
                 "labels": {"sku": "$.sku"},
                 "samples": [{"name": "order_quantity", "type": "gauge", "value": "$.qty"}]}
                """);
        WebhookMapper.Result result = WebhookMapper.map(mapping, """
                {"lines": [{"sku": "a-1", "qty": 2, "at": "2026-11-30T05:00:00Z"},
                           {"sku": 7, "qty": "3.5", "at": "2026-11-30T05:00:01+01:00"},
                           {"sku": "c", "qty": 1, "at": "yesterday"}]}
                """, NOW);
        assertThat(result.samples())
                .extracting(WebhookMapperTest::render)
                .containsExactly(
                        "order_quantity{sku=a-1} 2.0 GAUGE @1796014800000",
                        "order_quantity{sku=7} 3.5 GAUGE @1796011201000");
        assertThat(result.errors()).containsExactly("item 2: sample 'order_quantity': time $['at'] is not rfc3339");
    }

    @Test
    void aBrokenMappingIsRefusedNamingEveryProblem() {
        assertThatThrownBy(() -> WebhookMapping.parse("""
                        {"labels": {"9x": "$.a", "ok": "no-dollar"}, "samples": [{"name": "a b", "type": "set",
                         "value": "$..[?(@.x"}], "extra": 1}
                        """))
                .isInstanceOf(WebhookMapping.InvalidMapping.class)
                .hasMessageContaining("unknown field 'extra'")
                .hasMessageContaining("'9x' is not a label name")
                .hasMessageContaining("labels.ok must be a JSONPath")
                .hasMessageContaining("samples[0].name must be a metric name")
                .hasMessageContaining("samples[0].type must be")
                .hasMessageContaining("samples[0].value is not a valid JSONPath");
        assertThatThrownBy(() -> WebhookMapping.parse("[1]")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> WebhookMapping.parse("{\"samples\": []}")).hasMessageContaining("samples must be");
    }

    @Test
    void aPayloadThatIsNotJsonIsRefusedAsAWhole() {
        assertThatThrownBy(() -> WebhookMapper.map(WebhookMapping.parse(STRIPE_PAYMENTS), "{not json", NOW))
                .isInstanceOf(WebhookMapper.InvalidPayload.class);
    }

    static String stripeEvent() throws IOException {
        try (InputStream in =
                WebhookMapperTest.class.getResourceAsStream("/webhooks/stripe-payment_intent.succeeded.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String render(Sample s) {
        return s.getName()
                + s.getLabelsList().stream()
                        .map((Label l) -> l.getName() + "=" + l.getValue())
                        .collect(Collectors.joining(",", "{", "}"))
                + " " + s.getValue() + " " + s.getType() + " @" + s.getTimestampMs();
    }
}
