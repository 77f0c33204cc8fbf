package dev.pulseboard.tenant.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.tenant.testing.EchoQueryFrontendTestResource;
import dev.pulseboard.tenant.testing.KafkaTestResource;
import dev.pulseboard.tenant.testing.KeycloakTestResource;
import dev.pulseboard.tenant.testing.LoopbackCookieJar;
import dev.pulseboard.tenant.testing.PostgresTestResource;
import dev.pulseboard.tenant.testing.TestUsers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The browser path end to end, as a cookie-keeping HTTP client: /app/ redirects to Keycloak's login form
 * (pulseboard-web, code flow with PKCE), the posted credentials come back with a code, tenant-service sets its
 * session cookie, and /api/me then works from the cookie alone. /api/logout ends the session.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = KeycloakTestResource.class, parallel = true)
@WithTestResource(value = EchoQueryFrontendTestResource.class)
class BrowserLoginIT {
    private static final Pattern LOGIN_ACTION = Pattern.compile("id=\"kc-form-login\"[^>]*?action=\"([^\"]+)\"");

    @TestHTTPResource("/")
    URL app;

    private final HttpClient browser = HttpClient.newBuilder()
            .cookieHandler(new LoopbackCookieJar())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Test
    void codeFlowLoginGivesACookieSessionForTheApi() throws Exception {
        String email = TestUsers.signUp("browser-co").email();

        HttpResponse<String> toLogin = get(app.toURI().resolve("/app/"));
        assertThat(toLogin.statusCode()).isEqualTo(302);
        HttpResponse<String> loginPage = get(location(toLogin));
        assertThat(loginPage.statusCode()).isEqualTo(200);
        HttpResponse<String> withCode = submitLogin(loginPage, email);
        assertThat(withCode.statusCode())
                .as(() -> "Keycloak page instead of a redirect: " + pageText(withCode))
                .isEqualTo(302);
        assertThat(location(withCode).toString())
                .startsWith(app.toURI().resolve("/app/").toString())
                .contains("code=");
        HttpResponse<String> session = get(location(withCode));
        assertThat(session.statusCode())
                .as("code exchanged, session cookie set")
                .isEqualTo(302);
        assertThat(session.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("q_session"));

        HttpResponse<String> me = get(app.toURI().resolve("/api/me"));
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"tenant\":\"browser-co\"").contains(email);

        HttpResponse<String> logout = get(app.toURI().resolve("/api/logout"));
        assertThat(logout.statusCode()).isEqualTo(302);
        assertThat(location(logout).toString()).contains("/protocol/openid-connect/logout");
        HttpResponse<String> loggedOut = get(location(logout));
        assertThat(loggedOut.statusCode())
                .as("Keycloak accepts the post-logout redirect")
                .isEqualTo(302);
        assertThat(location(loggedOut).toString())
                .startsWith(app.toURI().resolve("/").toString());
        assertThat(get(app.toURI().resolve("/api/me")).statusCode())
                .as("session gone")
                .isEqualTo(499);
    }

    /**
     * With organizations enabled Keycloak logs in identity-first: one form for the username, then one for the
     * password. Each form gets both fields; whatever it does not ask for is ignored.
     */
    private HttpResponse<String> submitLogin(HttpResponse<String> page, String email) throws Exception {
        HttpResponse<String> current = page;
        for (int step = 0; step < 3 && current.statusCode() == 200; step++) {
            Matcher action = LOGIN_ACTION.matcher(current.body());
            assertThat(action.find())
                    .as(() -> "Keycloak login form expected: " + pageText(page))
                    .isTrue();
            current = post(
                    URI.create(action.group(1).replace("&amp;", "&")),
                    "username=" + enc(email) + "&password=" + enc(TestUsers.PASSWORD) + "&credentialId=");
        }
        return current;
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return browser.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(URI uri, String form) throws Exception {
        return browser.send(
                HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI location(HttpResponse<?> response) {
        return response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
    }

    /** The visible text of a Keycloak page, for failure messages. */
    private static String pageText(HttpResponse<String> page) {
        String text = page.body().replaceAll("(?s)<script.*?</script>|<style.*?</style>|<[^>]+>", " ");
        text = text.replaceAll("\\s+", " ").trim();
        return text.length() > 600 ? text.substring(0, 600) : text;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
