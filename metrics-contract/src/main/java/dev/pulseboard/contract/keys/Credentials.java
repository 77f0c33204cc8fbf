package dev.pulseboard.contract.keys;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Extracts the ingest key from an {@code Authorization} header. Accepted forms: {@code Bearer <key>} and
 * {@code Basic base64(<anything>:<key>)} (what Prometheus remote-write and Grafana data sources can send).
 * Pure: returns {@code null} for an absent header, {@link #UNPARSEABLE} for one that holds no key candidate.
 */
public final class Credentials {
    /** Marker for "a header was sent but it is not a form we understand"; never well-formed as a key. */
    public static final String UNPARSEABLE = "";

    private Credentials() {}

    public static String keyFrom(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return null;
        }
        String header = authorization.strip();
        int space = header.indexOf(' ');
        if (space < 0) {
            return UNPARSEABLE;
        }
        String scheme = header.substring(0, space).toLowerCase(Locale.ROOT);
        String value = header.substring(space + 1).strip();
        return switch (scheme) {
            case "bearer" -> value;
            case "basic" -> basicPassword(value);
            default -> UNPARSEABLE;
        };
    }

    private static String basicPassword(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? UNPARSEABLE : decoded.substring(colon + 1);
        } catch (IllegalArgumentException e) {
            return UNPARSEABLE;
        }
    }
}
