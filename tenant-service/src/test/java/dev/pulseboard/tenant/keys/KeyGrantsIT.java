package dev.pulseboard.tenant.keys;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.tenant.IngestKeys;
import dev.pulseboard.contract.wire.Topics;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.IngestKeyGrant;
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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * What the gateways learn about keys (ADR 008): every key's grant is on the ingest-keys topic by the time the key is
 * shown, a revocation is a tombstone there by the time the DELETE answers, and only hashes travel.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = KeycloakTestResource.class, parallel = true)
@WithTestResource(value = EchoQueryFrontendTestResource.class)
class KeyGrantsIT {

    @ConfigProperty(name = "pulseboard.tenant.kafka.bootstrap-servers")
    String bootstrap;

    @Test
    void aKeysGrantIsPublishedBeforeItIsShownAndItsRevocationBeforeTheDeleteAnswers() {
        SignedUp a = TestUsers.signUp("grants-a");
        Map<String, Optional<IngestKeyGrant>> topic = readTopic();
        assertThat(topic.get(IngestKeys.hash(a.ingestKey())))
                .as("the sign-up's first key")
                .hasValueSatisfying(g -> {
                    assertThat(g.getTenant()).isEqualTo("grants-a");
                    assertThat(g.getPrefix()).isEqualTo(a.keyPrefix());
                    assertThat(g.getScopesList())
                            .as("the sign-up's key sends and reads")
                            .containsExactly(
                                    dev.pulseboard.contract.wire.v1.KeyScope.KEY_SCOPE_INGEST,
                                    dev.pulseboard.contract.wire.v1.KeyScope.KEY_SCOPE_READ);
                });

        String token = TestUsers.accessToken(a.email());
        JsonPath created = given().auth()
                .oauth2(token)
                .post("/api/keys")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        String key = created.getString("key");
        assertThat(created.getList("scopes"))
                .as("a key made without scopes only sends")
                .containsExactly("ingest");
        assertThat(readTopic().get(IngestKeys.hash(key))).hasValueSatisfying(g -> {
            assertThat(g.getKeyId()).isEqualTo(created.getString("id"));
            assertThat(g.getScopesList()).containsExactly(dev.pulseboard.contract.wire.v1.KeyScope.KEY_SCOPE_INGEST);
        });

        JsonPath reader = given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{\"scopes\":[\"read\"]}")
                .post("/api/keys")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        assertThat(reader.getList("scopes")).containsExactly("read");
        assertThat(readTopic().get(IngestKeys.hash(reader.getString("key"))))
                .hasValueSatisfying(g -> assertThat(g.getScopesList())
                        .containsExactly(dev.pulseboard.contract.wire.v1.KeyScope.KEY_SCOPE_READ));
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{\"scopes\":[\"admin\"]}")
                .post("/api/keys")
                .then()
                .statusCode(400)
                .body("id", org.hamcrest.Matchers.equalTo("err-pb-key-scopes-invalid"));

        given().auth()
                .oauth2(token)
                .delete("/api/keys/" + created.getString("id"))
                .then()
                .statusCode(200);
        Map<String, Optional<IngestKeyGrant>> after = readTopic();
        assertThat(after.get(IngestKeys.hash(key))).as("tombstone").isEmpty();
        assertThat(after.get(IngestKeys.hash(a.ingestKey())))
                .as("the other key untouched")
                .isPresent();
    }

    @Test
    void onlyHashesTravelNeverARawKey() {
        SignedUp b = TestUsers.signUp("grants-b");
        for (byte[] value : rawValues()) {
            String text = new String(value, StandardCharsets.ISO_8859_1);
            assertThat(text)
                    .doesNotContain(b.ingestKey())
                    .doesNotContain(b.ingestKey().substring(4));
        }
    }

    /** The topic's state: the latest record per key hash; an empty Optional for a tombstone. */
    private Map<String, Optional<IngestKeyGrant>> readTopic() {
        Map<String, Optional<IngestKeyGrant>> state = new HashMap<>();
        consume(r -> state.put(
                new String(r.key(), StandardCharsets.US_ASCII),
                r.value() == null
                        ? Optional.empty()
                        : Optional.of(WireCodec.decode(r.value(), IngestKeyGrant.parser())
                                .message())));
        return state;
    }

    private List<byte[]> rawValues() {
        List<byte[]> values = new ArrayList<>();
        consume(r -> {
            if (r.value() != null) {
                values.add(r.value());
            }
        });
        return values;
    }

    private void consume(java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
        TopicReader.readToEnd(bootstrap, Topics.INGEST_KEYS, each);
    }
}
