package dev.pulseboard.testing.keys;

import dev.pulseboard.contract.keys.KeyScope;
import dev.pulseboard.contract.tenant.IngestKeyGrants;
import dev.pulseboard.contract.tenant.IngestKeys;
import dev.pulseboard.contract.wire.v1.IngestKeyGrant;
import java.time.Duration;

/**
 * Keys the services under test know from their test Kafka's ingest-keys topic ({@link #grantAcmeAndGlobex}).
 * Test-only values; never real credentials.
 */
public final class TestKeys {
    public static final String ACME = "pbk_" + "a1".repeat(20);
    public static final String GLOBEX = "pbk_" + "b2".repeat(20);
    /** Well-formed but never granted. */
    public static final String UNKNOWN = "pbk_" + "c3".repeat(20);

    public static final String INTERNAL_TOKEN = "test-internal-token";

    private TestKeys() {}

    /** Grants {@link #ACME} to tenant acme and {@link #GLOBEX} to globex on the ingest-keys topic at {@code bootstrap}. */
    public static void grantAcmeAndGlobex(String bootstrap) {
        try (IngestKeyGrants grants = new IngestKeyGrants(bootstrap, Duration.ofSeconds(30))) {
            grant(grants, ACME, "acme");
            grant(grants, GLOBEX, "globex");
        }
    }

    /**
     * Writes the grant of {@code key} to {@code tenant}, key id {@code key-<tenant>}, as tenant-service does, with
     * both scopes (as a sign-up's first key).
     */
    public static void grant(IngestKeyGrants grants, String key, String tenant) {
        grant(grants, key, tenant, KeyScope.values());
    }

    /** Writes the grant of {@code key} to {@code tenant} with only {@code scopes}. */
    public static void grant(IngestKeyGrants grants, String key, String tenant, KeyScope... scopes) {
        IngestKeyGrant.Builder grant = IngestKeyGrant.newBuilder()
                .setTenant(tenant)
                .setKeyId("key-" + tenant)
                .setPrefix(IngestKeys.displayPrefix(key));
        for (KeyScope scope : scopes) {
            grant.addScopes(scope.wire());
        }
        grants.grant(IngestKeys.hash(key), grant.build());
    }
}
