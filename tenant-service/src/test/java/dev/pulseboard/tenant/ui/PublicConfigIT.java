package dev.pulseboard.tenant.ui;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.pulseboard.tenant.testing.EchoQueryFrontendTestResource;
import dev.pulseboard.tenant.testing.KafkaTestResource;
import dev.pulseboard.tenant.testing.KeycloakTestResource;
import dev.pulseboard.tenant.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The UI learns the public ingest, query and StatsD addresses from the server, without logging in. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = KeycloakTestResource.class, parallel = true)
@WithTestResource(value = EchoQueryFrontendTestResource.class)
class PublicConfigIT {

    @Test
    void configIsPublicAndNamesTheConfiguredEndpoints() {
        given().accept("application/json")
                .when()
                .get("/api/config")
                .then()
                .statusCode(200)
                .body("ingestUrl", equalTo("http://127.0.0.1:19081"))
                .body("queryUrl", equalTo("http://127.0.0.1:19084"))
                .body("statsd.host", equalTo("127.0.0.1"))
                .body("statsd.port", equalTo(19125));
    }

    @Test
    void pagesAllowScriptsOnlyFromTheirOwnOriginAndCannotBeFramed() {
        for (String path : new String[] {"/", "/signup.js", "/api/config"}) {
            given().when()
                    .get(path)
                    .then()
                    .statusCode(200)
                    .header("Content-Security-Policy", containsString("script-src 'self'"))
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("X-Frame-Options", equalTo("DENY"))
                    .header("X-Content-Type-Options", equalTo("nosniff"));
        }
    }
}
