package dev.pulseboard.tenant.session;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.pulseboard.tenant.testing.EchoQueryFrontendTestResource;
import dev.pulseboard.tenant.testing.KafkaTestResource;
import dev.pulseboard.tenant.testing.KeycloakTestResource;
import dev.pulseboard.tenant.testing.PostgresTestResource;
import dev.pulseboard.tenant.testing.TestUsers;
import dev.pulseboard.tenant.testing.TestUsers.SignedUp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = KeycloakTestResource.class, parallel = true)
@WithTestResource(value = EchoQueryFrontendTestResource.class)
class SessionIT {

    @Inject
    Keycloak keycloak;

    @Test
    void meReturnsTheTenantOfTheBearerToken() {
        SignedUp acme = TestUsers.signUp("me-acme");
        given().auth()
                .oauth2(TestUsers.accessToken(acme.email()))
                .when()
                .get("/api/me")
                .then()
                .statusCode(200)
                .body("tenant", equalTo("me-acme"))
                .body("organization", equalTo("Org me-acme"))
                .body("email", equalTo(acme.email()));
    }

    @Test
    void userOutsideAnyOrganizationIsForbidden() {
        UserRepresentation loner = new UserRepresentation();
        loner.setUsername("loner@example.test");
        loner.setEmail("loner@example.test");
        loner.setFirstName("Lo");
        loner.setLastName("Ner");
        loner.setEnabled(true);
        loner.setEmailVerified(true);
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(TestUsers.PASSWORD);
        password.setTemporary(false);
        loner.setCredentials(List.of(password));
        try (Response created =
                keycloak.realm(KeycloakTestResource.REALM).users().create(loner)) {
            org.assertj.core.api.Assertions.assertThat(created.getStatus()).isEqualTo(201);
        }
        given().auth()
                .oauth2(TestUsers.accessToken("loner@example.test"))
                .when()
                .get("/api/me")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("id", equalTo("err-pb-no-organization"));
    }

    @Test
    void signupPageIsPublicAndServedFromTheWebUiJar() {
        given().when()
                .get("/")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("id=\"signup-form\""));
    }

    @Test
    void healthAndMetricsAreOnTheManagementPortOnly() {
        int management = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        given().port(management)
                .when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"));
        given().port(management).when().get("/q/metrics").then().statusCode(200);
        // The port users and browsers reach serves neither.
        given().when().get("/q/health/ready").then().statusCode(404);
        given().when().get("/q/metrics").then().statusCode(404);
    }

    @Test
    void scriptCallsGet499AndPagesRedirectToKeycloakLogin() {
        given().when().get("/api/me").then().statusCode(499);
        given().redirects()
                .follow(false)
                .when()
                .get("/app/")
                .then()
                .statusCode(302)
                .header("Location", containsString("/realms/pulseboard/protocol/openid-connect/auth"))
                .header("Location", containsString("client_id=pulseboard-web"))
                .header("Location", containsString("organization"));
    }
}
