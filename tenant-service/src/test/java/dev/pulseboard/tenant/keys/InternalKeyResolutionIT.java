package dev.pulseboard.tenant.keys;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.pulseboard.contract.http.InternalApi;
import dev.pulseboard.contract.tenant.IngestKeys;
import dev.pulseboard.tenant.testing.EchoGatewayTestResource;
import dev.pulseboard.tenant.testing.KeycloakTestResource;
import dev.pulseboard.tenant.testing.PostgresTestResource;
import dev.pulseboard.tenant.testing.TestUsers;
import dev.pulseboard.tenant.testing.TestUsers.SignedUp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = KeycloakTestResource.class, parallel = true)
@WithTestResource(value = EchoGatewayTestResource.class)
class InternalKeyResolutionIT {
    private static final String PATH = InternalApi.INGEST_KEYS_PREFIX;

    @Test
    void validKeyHashResolvesToItsTenantUntilRevoked() {
        SignedUp tenant = TestUsers.signUp("resolve-me");
        String hash = IngestKeys.hash(tenant.ingestKey());

        String keyId = internal()
                .when()
                .get(PATH + hash)
                .then()
                .statusCode(200)
                .body("tenant", equalTo("resolve-me"))
                .body("prefix", equalTo(tenant.keyPrefix()))
                .body("keyId", notNullValue())
                .extract()
                .path("keyId");

        given().auth()
                .oauth2(TestUsers.accessToken(tenant.email()))
                .when()
                .delete("/api/keys/" + keyId)
                .then()
                .statusCode(200);
        internal().when().get(PATH + hash).then().statusCode(404).body("id", equalTo("err-pb-key-not-found"));
    }

    @Test
    void unknownOrMalformedHashIs404() {
        internal()
                .when()
                .get(PATH + IngestKeys.hash(IngestKeys.generate()))
                .then()
                .statusCode(404);
        internal().when().get(PATH + "ABC").then().statusCode(404);
    }

    @Test
    void missingOrWrongInternalTokenIs401() {
        String hash = IngestKeys.hash(TestUsers.signUp("resolve-guarded").ingestKey());
        given().when()
                .get(PATH + hash)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("id", equalTo("err-pb-internal-token"));
        given().header(InternalApi.TOKEN_HEADER, "wrong")
                .when()
                .get(PATH + hash)
                .then()
                .statusCode(401);
        internal().when().get(PATH + hash).then().statusCode(200).body("tenant", equalTo("resolve-guarded"));
    }

    private static RequestSpecification internal() {
        return given().header(InternalApi.TOKEN_HEADER, EchoGatewayTestResource.INTERNAL_TOKEN);
    }
}
