package dev.pulseboard.tenant.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.Map;

/** Invites people into an organisation and lets them join through the real API (a new account from the link). */
public final class Members {
    public static final String HEADER = "X-Pulseboard-Organization";

    private Members() {}

    /** POST /api/invitations as {@code inviterToken}; returns the token part of the link. Fails unless 201. */
    public static String invite(String inviterToken, String tenant, String email, String role) {
        String link = given().auth()
                .oauth2(inviterToken)
                .header(HEADER, tenant)
                .contentType(ContentType.JSON)
                .body(Map.of("email", email, "role", role))
                .when()
                .post("/api/invitations")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("link");
        return link.substring(link.indexOf('#') + 1);
    }

    /** A new user accepts {@code token} by creating an account; returns the answer. Fails unless 201. */
    public static JsonPath register(String token) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("token", token, "password", TestUsers.PASSWORD, "firstName", "New", "lastName", "Member"))
                .when()
                .post("/api/invitations/register")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    /** Invites {@code email} into {@code tenant} as {@code role}, lets them register, and returns their access token. */
    public static String join(String inviterToken, String tenant, String email, String role) {
        register(invite(inviterToken, tenant, email, role));
        return TestUsers.accessToken(email);
    }
}
