package dev.pulseboard.deploy.provision;

import com.fasterxml.jackson.databind.JsonNode;

/** The Keycloak realm the services use is served, with the issuer they will validate tokens against. */
final class RealmCheck {
    private RealmCheck() {}

    static void check(String keycloakUrl, String realm) {
        String issuer = keycloakUrl + "/realms/" + realm;
        JsonNode config = JsonHttp.get(issuer + "/.well-known/openid-configuration");
        if (!issuer.equals(config.path("issuer").asText())) {
            throw new ProvisionException("realm " + realm + " announces issuer '"
                    + config.path("issuer").asText() + "', the services expect " + issuer);
        }
        for (String endpoint : new String[] {"authorization_endpoint", "token_endpoint", "jwks_uri"}) {
            if (config.path(endpoint).asText().isEmpty()) {
                throw new ProvisionException("realm " + realm + " has no " + endpoint);
            }
        }
    }
}
