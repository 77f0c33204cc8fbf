package dev.pulseboard.tenant.identity;

import java.util.Locale;
import java.util.Optional;

/**
 * A member's role in one organisation (ADR 012), strongest first. Each role may do everything the ones after it may:
 * a viewer reads dashboards and data, an editor also changes dashboards, an admin also manages keys, webhooks,
 * invitations, members and reads the audit log, an owner also grants and takes the owner role.
 */
public enum Role {
    OWNER,
    ADMIN,
    EDITOR,
    VIEWER;

    /** The id used in the API, the database and the Keycloak group name: {@code owner}, {@code admin}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean atLeast(Role required) {
        return compareTo(required) <= 0;
    }

    public static Optional<Role> of(String id) {
        for (Role role : values()) {
            if (role.id().equals(id)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
