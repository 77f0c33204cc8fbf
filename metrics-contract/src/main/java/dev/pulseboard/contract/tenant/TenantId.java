package dev.pulseboard.contract.tenant;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A tenant's id: a DNS-label-like slug, 3 to 40 characters of {@code [a-z0-9-]}, starting with a letter and not
 * ending with '-'. It is the Keycloak organization alias, the value of the {@code tenant} label in the store and
 * the Thanos tenant header, so it must be safe in all three. The ids in {@link #RESERVED} are the platform's own
 * (for example {@value #UNAUTHENTICATED}, under which the gateway counts traffic no key identified) and are never
 * valid, so no organisation can sign up as one and read or be blamed for what the platform counts under it.
 */
public record TenantId(String value) {
    private static final Pattern SLUG = Pattern.compile("[a-z][a-z0-9-]{1,38}[a-z0-9]");

    /** The tenant under which the gateway counts samples that no valid key identified. */
    public static final String UNAUTHENTICATED = "unknown";

    /** Slugs the platform uses or may use for itself; never a tenant's id. */
    public static final Set<String> RESERVED = Set.of(
            UNAUTHENTICATED,
            "anonymous",
            "platform",
            "pulseboard",
            "system",
            "internal",
            "admin",
            "root",
            "default",
            "api",
            "www",
            "grafana",
            "thanos",
            "prometheus",
            "alertmanager",
            "keycloak",
            "kafka",
            "flink");

    public TenantId {
        if (!isValid(value)) {
            throw new IllegalArgumentException("tenant id must match " + SLUG.pattern() + " and not be reserved");
        }
    }

    /** The slug syntax holds and the id is not {@link #RESERVED}. */
    public static boolean isValid(String value) {
        return value != null && SLUG.matcher(value).matches() && !RESERVED.contains(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
