package dev.pulseboard.contract.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Ingest API keys: {@code pbk_} followed by 40 lowercase hex digits (160 random bits).
 *
 * <p>The alphabet is safe in every place a client can put a key: an HTTP header, a URL, a StatsD metric-name
 * prefix ({@code pbk_....cpu:1|c}) and a Prometheus basic-auth password. Keys are stored only as their SHA-256
 * (a salted slow hash buys nothing for 160 random bits) and are shown to the user exactly once.
 */
public final class IngestKeys {
    public static final String PREFIX = "pbk_";
    public static final int SECRET_HEX_CHARS = 40;
    public static final int LENGTH = PREFIX.length() + SECRET_HEX_CHARS;
    private static final Pattern FORMAT = Pattern.compile("pbk_[0-9a-f]{40}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private IngestKeys() {}

    public static String generate() {
        byte[] secret = new byte[SECRET_HEX_CHARS / 2];
        RANDOM.nextBytes(secret);
        return PREFIX + HexFormat.of().formatHex(secret);
    }

    public static boolean isWellFormed(String key) {
        return key != null && key.length() == LENGTH && FORMAT.matcher(key).matches();
    }

    /** Lowercase hex SHA-256 of the key: what is stored and what the gateway looks up. */
    public static String hash(String key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** The first 8 characters after the prefix: enough for a user to recognise a key in a list, useless to an attacker. */
    public static String displayPrefix(String key) {
        return key.substring(0, PREFIX.length() + 8);
    }
}
