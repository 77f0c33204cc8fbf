package dev.pulseboard.gateway.testing;

/** Ingest keys the tenant-service contract double knows. Test-only values; never real credentials. */
public final class TestKeys {
    public static final String ACME = "pbk_" + "a1".repeat(20);
    public static final String GLOBEX = "pbk_" + "b2".repeat(20);
    /** Well-formed but unknown to tenant-service: answered 404. */
    public static final String UNKNOWN = "pbk_" + "c3".repeat(20);
    /** Well-formed; the double answers its lookup with HTTP 500, as a failing tenant-service would. */
    public static final String LOOKUP_FAILS = "pbk_" + "d4".repeat(20);

    public static final String INTERNAL_TOKEN = "test-internal-token";

    private TestKeys() {}
}
