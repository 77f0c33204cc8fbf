package dev.pulseboard.gateway.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.limits.Limits;
import dev.pulseboard.contract.webhook.WebhookMapper;
import dev.pulseboard.contract.webhook.WebhookMapping;
import dev.pulseboard.contract.webhook.WebhookScheme;
import dev.pulseboard.gateway.ingest.validation.Candidate;
import dev.pulseboard.gateway.ingest.validation.SampleError;
import dev.pulseboard.gateway.ingest.validation.SampleScreen;
import dev.pulseboard.gateway.testing.Mutations;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every payload, random or a mutation of a recorded provider event, is mapped and screened without an exception other
 * than the whole-payload refusal, every refusal carrying a registered id; every mapping is parsed or refused as a whole;
 * every signature header is checked without an exception.
 */
class WebhookPropertiesTest {
    private static final long NOW = 1_796_000_005_000L;
    private static final String STRIPE = recorded("stripe-payment_intent.succeeded.json");
    private static final String GITHUB = recorded("github-push.json");
    private static final String MAPPING = """
            {"items": "$..object", "when": {"path": "$.status", "equals": "succeeded"},
             "time": {"path": "$.created", "format": "unix_s"},
             "labels": {"currency": "$.currency", "region": "$.metadata.region", "n": "$.amount"},
             "samples": [{"name": "payments_amount", "type": "counter", "value": "$.amount_received", "scale": 0.01},
                         {"name": "payment_methods", "type": "gauge", "value": "$.payment_method_types.length()"},
                         {"name": "payments", "type": "histogram", "value": 1}]}
            """;
    private static final WebhookMapping PARSED = WebhookMapping.parse(MAPPING);

    @Property
    void aPayloadIsMappedOrRefusedAsAWhole(@ForAll("payloads") String payload) {
        try {
            WebhookMapper.Result result = WebhookMapper.map(PARSED, payload, NOW);
            List<Candidate> candidates = new ArrayList<>();
            result.samples().forEach(s -> candidates.add(Candidate.of(s)));
            result.errors().forEach(e -> candidates.add(Candidate.refused(ErrorId.WEBHOOK_MAPPING_FAILED.id(), e)));
            for (SampleError e :
                    SampleScreen.screen(candidates, Limits.DEFAULTS, NOW).errors()) {
                assertThat(ErrorId.byId(e.id())).as(e.id()).isNotNull();
            }
        } catch (WebhookMapper.InvalidPayload e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property
    void aMappingIsParsedOrRefusedNamingItsProblems(@ForAll("mappings") String mapping) {
        try {
            assertThat(WebhookMapping.parse(mapping).samples()).isNotEmpty();
        } catch (WebhookMapping.InvalidMapping e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property
    void aSignatureHeaderIsCheckedWithoutAnException(@ForAll("headers") String header, @ForAll WebhookScheme scheme) {
        Map<String, String> headers = Map.of(
                "x-hub-signature-256", header,
                "stripe-signature", header,
                "webhook-id", header,
                "webhook-timestamp", header,
                "webhook-signature", header);
        String refusal = WebhookSignatures.check(
                scheme,
                "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=".getBytes(StandardCharsets.UTF_8),
                name -> headers.get(name.toLowerCase(java.util.Locale.ROOT)),
                STRIPE.getBytes(StandardCharsets.UTF_8),
                NOW,
                300_000);
        assertThat(refusal).as("a forged header never passes").isNotNull();
    }

    @Provide
    Arbitrary<String> payloads() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(120), Arbitraries.longs().map(seed -> {
                    Random random = new Random(seed);
                    return Mutations.mutate(random.nextBoolean() ? STRIPE : GITHUB, random);
                }));
    }

    @Provide
    Arbitrary<String> mappings() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(80),
                Arbitraries.longs().map(seed -> Mutations.mutate(MAPPING, new Random(seed))));
    }

    @Provide
    Arbitrary<String> headers() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(80),
                Arbitraries.longs()
                        .map(seed -> Mutations.mutate(
                                "t=1796000005,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=",
                                new Random(seed))));
    }

    private static String recorded(String name) {
        try (InputStream in = WebhookPropertiesTest.class.getResourceAsStream("/webhooks/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
