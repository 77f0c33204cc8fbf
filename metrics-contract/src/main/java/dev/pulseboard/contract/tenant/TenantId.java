package dev.pulseboard.contract.tenant;

import java.util.regex.Pattern;

/**
 * A tenant's id: a DNS-label-like slug, 3 to 40 characters of {@code [a-z0-9-]}, starting with a letter and not
 * ending with '-'. It is the Keycloak organization alias, the value of the {@code tenant} label in the store and
 * the Thanos tenant header, so it must be safe in all three.
 */
public record TenantId(String value) {
    private static final Pattern SLUG = Pattern.compile("[a-z][a-z0-9-]{1,38}[a-z0-9]");

    public TenantId {
        if (!isValid(value)) {
            throw new IllegalArgumentException("tenant id must match " + SLUG.pattern());
        }
    }

    public static boolean isValid(String value) {
        return value != null && SLUG.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
