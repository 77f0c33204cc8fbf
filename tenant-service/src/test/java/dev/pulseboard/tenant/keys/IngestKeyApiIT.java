package dev.pulseboard.tenant.keys;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.pulseboard.contract.tenant.IngestKeys;
import dev.pulseboard.tenant.testing.EchoQueryFrontendTestResource;
import dev.pulseboard.tenant.testing.KafkaTestResource;
import dev.pulseboard.tenant.testing.KeycloakTestResource;
import dev.pulseboard.tenant.testing.PostgresTestResource;
import dev.pulseboard.tenant.testing.TestUsers;
import dev.pulseboard.tenant.testing.TestUsers.SignedUp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = KeycloakTestResource.class, parallel = true)
@WithTestResource(value = EchoQueryFrontendTestResource.class)
class IngestKeyApiIT {

    @Test
    void keysOfOneTenantAreInvisibleAndUnrevocableForAnother() {
        SignedUp a = TestUsers.signUp("keys-a");
        SignedUp b = TestUsers.signUp("keys-b");
        String tokenA = TestUsers.accessToken(a.email());
        String tokenB = TestUsers.accessToken(b.email());

        JsonPath created = given().auth()
                .oauth2(tokenA)
                .when()
                .post("/api/keys")
                .then()
                .statusCode(201)
                .body("id", notNullValue())
                .extract()
                .jsonPath();
        String newKey = created.getString("key");
        assertThat(newKey).matches("pbk_[0-9a-f]{40}");
        assertThat(created.getString("prefix")).isEqualTo(IngestKeys.displayPrefix(newKey));

        JsonPath listA = list(tokenA);
        assertThat(listA.getList("prefix", String.class)).containsExactly(a.keyPrefix(), created.getString("prefix"));
        assertThat(listA.getList("$").toString())
                .as("neither raw key nor hash listed")
                .doesNotContain(newKey.substring(4))
                .doesNotContain(IngestKeys.hash(newKey));
        assertThat(listA.getList("prefix", String.class)).doesNotContain(b.keyPrefix());

        String idOfB = list(tokenB).getString("[0].id");
        given().auth()
                .oauth2(tokenA)
                .when()
                .delete("/api/keys/" + idOfB)
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("id", equalTo("err-pb-key-not-found"));
        assertThat(list(tokenB).getString("[0].revokedAt"))
                .as("B's key untouched")
                .isNull();

        given().auth()
                .oauth2(tokenA)
                .when()
                .delete("/api/keys/" + created.getString("id"))
                .then()
                .statusCode(200)
                .body("revokedAt", notNullValue());
        given().auth()
                .oauth2(tokenA)
                .when()
                .delete("/api/keys/not-a-uuid")
                .then()
                .statusCode(404);
        List<String> revoked = list(tokenA).getList("revokedAt", String.class);
        assertThat(revoked).hasSize(2);
        assertThat(revoked.get(0)).as("first key still active").isNull();
        assertThat(revoked.get(1)).as("second key revoked").isNotNull();
    }

    private static JsonPath list(String token) {
        return given().auth()
                .oauth2(token)
                .when()
                .get("/api/keys")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void keysNeedAuthentication() {
        given().when().get("/api/keys").then().statusCode(499);
        given().auth().oauth2("not-a-token").when().get("/api/keys").then().statusCode(401);
    }
}
