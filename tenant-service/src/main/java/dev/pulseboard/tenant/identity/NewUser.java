package dev.pulseboard.tenant.identity;

/** A tenant's first user as sign-up hands it to Keycloak; the password goes to Keycloak only and is never stored or logged. */
public record NewUser(String email, String password, String firstName, String lastName) {
    @Override
    public String toString() {
        return "NewUser[email=" + email + "]";
    }
}
