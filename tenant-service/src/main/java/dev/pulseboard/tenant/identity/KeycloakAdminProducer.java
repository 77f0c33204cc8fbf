package dev.pulseboard.tenant.identity;

import dev.pulseboard.tenant.config.TenantServiceConfig;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;

/**
 * The Keycloak admin client, authenticated as the {@code pulseboard-admin} service account (client credentials)
 * of the tenants realm — not as a master-realm admin, so tenant-service can only touch its own realm.
 */
public class KeycloakAdminProducer {

    @Produces
    @Singleton
    Keycloak keycloakAdmin(TenantServiceConfig config) {
        TenantServiceConfig.Keycloak keycloak = config.keycloak();
        return KeycloakBuilder.builder()
                .serverUrl(keycloak.url().toString())
                .realm(keycloak.realm())
                .grantType(OAuth2Constants.CLIENT_CREDENTIALS)
                .clientId(keycloak.adminClientId())
                .clientSecret(keycloak.adminClientSecret())
                .build();
    }

    void close(@Disposes Keycloak keycloak) {
        keycloak.close();
    }
}
