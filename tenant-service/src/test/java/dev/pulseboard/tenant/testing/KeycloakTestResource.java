package dev.pulseboard.tenant.testing;

import dev.pulseboard.testing.keycloak.KeycloakServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real Keycloak 26.7.3 with the stack's realm for one test run (test-support's {@link KeycloakServer}), plus a
 * test-only confidential client with direct access grants (see {@link KeycloakAdminCalls}) so tests can log users in
 * with a password grant; the production realm file has no such client.
 */
public class KeycloakTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String REALM = KeycloakServer.REALM;

    private KeycloakServer keycloak;

    @Override
    public Map<String, String> start() {
        keycloak = KeycloakServer.start();
        try {
            new KeycloakAdminCalls(keycloak.url())
                    .createPasswordGrantClient(
                            keycloak.adminPassword(), REALM, TestUsers.CLIENT_ID, TestUsers.CLIENT_SECRET);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        return Map.of(
                "pulseboard.tenant.keycloak.url",
                keycloak.url(),
                "quarkus.oidc.auth-server-url",
                keycloak.realmUrl(),
                "keycloak.url",
                keycloak.url(),
                "pulseboard.test.keycloak.admin-password",
                keycloak.adminPassword());
    }

    @Override
    public void stop() {
        if (keycloak != null) {
            keycloak.close();
            keycloak = null;
        }
    }
}
