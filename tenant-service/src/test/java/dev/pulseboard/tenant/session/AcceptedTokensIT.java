package dev.pulseboard.tenant.session;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.pulseboard.tenant.testing.EchoQueryFrontendTestResource;
import dev.pulseboard.tenant.testing.KafkaTestResource;
import dev.pulseboard.tenant.testing.KeycloakAdminCalls;
import dev.pulseboard.tenant.testing.KeycloakTestResource;
import dev.pulseboard.tenant.testing.PostgresTestResource;
import dev.pulseboard.tenant.testing.TestUsers;
import dev.pulseboard.tenant.testing.TestUsers.SignedUp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * What was found when the API was tried from outside: any valid token of the realm passed (a password grant to
 * Keycloak's built-in admin-cli, then its ID token as bearer, created an ingest key), and passwords could be guessed
 * without limit. Only access tokens of our clients pass now; admin-cli has no password grant; brute force locks.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = KeycloakTestResource.class, parallel = true)
@WithTestResource(value = EchoQueryFrontendTestResource.class)
class AcceptedTokensIT {
    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String realmUrl;

    @ConfigProperty(name = "keycloak.url")
    String keycloakUrl;

    @ConfigProperty(name = "pulseboard.test.keycloak.admin-password")
    String adminPassword;

    @Test
    void anIdTokenIsNotABearerTokenThoughItsAccessTokenIs() {
        SignedUp user = TestUsers.signUp("tok-id");
        Response grant = passwordGrant(TestUsers.CLIENT_ID, TestUsers.CLIENT_SECRET, user.email(), TestUsers.PASSWORD);
        assertThat(grant.statusCode()).isEqualTo(200);
        given().auth().oauth2(grant.path("access_token")).get("/api/me").then().statusCode(200);
        given().auth().oauth2(grant.path("id_token")).get("/api/me").then().statusCode(401);
        given().auth().oauth2(grant.path("id_token")).post("/api/keys").then().statusCode(401);
        given().auth().oauth2(grant.path("refresh_token")).get("/api/me").then().statusCode(401);
    }

    @Test
    void anotherClientsAccessTokenIsRefused() {
        new KeycloakAdminCalls(keycloakUrl)
                .createPasswordGrantClient(adminPassword, KeycloakTestResource.REALM, "other-app", "other-app-secret");
        SignedUp user = TestUsers.signUp("tok-other");
        Response grant = passwordGrant("other-app", "other-app-secret", user.email(), TestUsers.PASSWORD);
        assertThat(grant.statusCode()).isEqualTo(200);
        given().auth().oauth2(grant.path("access_token")).get("/api/me").then().statusCode(401);
        given().auth()
                .oauth2(grant.path("access_token"))
                .post("/api/keys")
                .then()
                .statusCode(401);
    }

    @Test
    void keycloaksBuiltInCliClientHasNoPasswordGrantInOurRealm() {
        SignedUp user = TestUsers.signUp("tok-cli");
        Response grant = given().formParam("grant_type", "password")
                .formParam("client_id", "admin-cli")
                .formParam("username", user.email())
                .formParam("password", TestUsers.PASSWORD)
                .formParam("scope", "openid")
                .post(realmUrl + "/protocol/openid-connect/token");
        assertThat(grant.statusCode()).as(grant.asString()).isBetween(400, 401);
        assertThat(grant.<String>path("error")).isEqualTo("unauthorized_client");
    }

    @Test
    void guessingAPasswordLocksTheAccountForAWhile() {
        SignedUp user = TestUsers.signUp("tok-brute");
        for (int i = 0; i < 5; i++) {
            passwordGrant(TestUsers.CLIENT_ID, TestUsers.CLIENT_SECRET, user.email(), "wrong-guess-" + i)
                    .then()
                    .body("error", equalTo("invalid_grant"));
        }
        Response right = passwordGrant(TestUsers.CLIENT_ID, TestUsers.CLIENT_SECRET, user.email(), TestUsers.PASSWORD);
        assertThat(right.statusCode()).as("the right password while locked").isNotEqualTo(200);
        assertThat(right.<String>path("error")).isEqualTo("invalid_grant");
    }

    private Response passwordGrant(String clientId, String secret, String user, String password) {
        return given().formParam("grant_type", "password")
                .formParam("client_id", clientId)
                .formParam("client_secret", secret)
                .formParam("username", user)
                .formParam("password", password)
                .formParam("scope", "openid")
                .post(realmUrl + "/protocol/openid-connect/token");
    }
}
