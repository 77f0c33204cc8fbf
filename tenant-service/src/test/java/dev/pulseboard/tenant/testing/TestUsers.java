package dev.pulseboard.tenant.testing;

import static io.restassured.RestAssured.given;

import io.quarkus.test.keycloak.client.KeycloakTestClient;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/** Creates tenants through the operator's API and logs their admins in with a password grant on the test client. */
public final class TestUsers {
    public static final String CLIENT_ID = "pulseboard-test";
    public static final String CLIENT_SECRET = "pulseboard-test-secret";
    public static final String PASSWORD = "correct-horse-battery-9";

    public record SignedUp(String tenant, String email, String ingestKey, String keyPrefix) {}

    private TestUsers() {}

    /** What the public sign-up form sends for {@code tenant} (no password: that comes with the mailed link). */
    public static Map<String, Object> requestBody(String tenant, String email) {
        return Map.of(
                "organization",
                "Org " + tenant,
                "tenant",
                tenant,
                "email",
                email,
                "firstName",
                "Ada",
                "lastName",
                "Admin");
    }

    /** The operator's sign-up body: the form's fields and the password {@link #PASSWORD}. */
    public static Map<String, Object> signupBody(String tenant, String email) {
        Map<String, Object> body = new HashMap<>(requestBody(tenant, email));
        body.put("password", PASSWORD);
        return body;
    }

    /**
     * Creates {@code tenant} with owner {@code <tenant>@example.test} through the operator's API (public sign-up needs
     * the mailed link: SignupIT); fails the test unless the answer is 201.
     */
    public static SignedUp signUp(String tenant) {
        String email = tenant + "@example.test";
        JsonPath body = operatorSignUp(signupBody(tenant, email))
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return new SignedUp(body.getString("tenant"), email, body.getString("ingestKey"), body.getString("keyPrefix"));
    }

    /** {@code POST /internal/v1/tenants} with the internal token and {@code body}; the answer, whatever it is. */
    public static Response operatorSignUp(Object body) {
        return given().contentType(ContentType.JSON)
                .header("X-Pulseboard-Internal-Token", EchoQueryFrontendTestResource.INTERNAL_TOKEN)
                .body(body)
                .when()
                .post("/internal/v1/tenants");
    }

    public static String accessToken(String email) {
        String realmUrl = ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class);
        return new KeycloakTestClient(realmUrl).getAccessToken(email, PASSWORD, CLIENT_ID, CLIENT_SECRET);
    }
}
