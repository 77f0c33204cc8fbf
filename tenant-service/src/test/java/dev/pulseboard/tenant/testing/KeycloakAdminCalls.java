package dev.pulseboard.tenant.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few Keycloak HTTP calls the test fixture makes before Quarkus starts (no CDI yet): add a test-only confidential client with direct access grants so tests can log users in with a password grant. The
 * production realm file deliberately has no such client.
 */
public final class KeycloakAdminCalls {
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private final String baseUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public KeycloakAdminCalls(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public void createPasswordGrantClient(String adminPassword, String realm, String clientId, String secret) {
        String token = masterAdminToken(adminPassword);
        String client = """
                {"clientId":"%s","publicClient":false,"secret":"%s","directAccessGrantsEnabled":true,
                 "standardFlowEnabled":false,
                 "defaultClientScopes":["web-origins","acr","basic","profile","roles","email","organization"]}""".formatted(clientId, secret);
        HttpResponse<String> created =
                send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/realms/" + realm + "/clients"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(client))
                        .build());
        if (created.statusCode() != 201) {
            throw new IllegalStateException(
                    "creating test client: HTTP " + created.statusCode() + " " + created.body());
        }
    }

    public String masterAdminToken(String adminPassword) {
        String form = "grant_type=password&client_id=admin-cli&username=admin&password="
                + URLEncoder.encode(adminPassword, StandardCharsets.UTF_8);
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create(baseUrl + "/realms/master/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build());
        Matcher m = ACCESS_TOKEN.matcher(response.body());
        if (response.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("master admin login failed: HTTP " + response.statusCode());
        }
        return m.group(1);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
