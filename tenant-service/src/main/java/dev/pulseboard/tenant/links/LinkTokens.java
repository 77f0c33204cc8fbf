package dev.pulseboard.tenant.links;

import dev.pulseboard.contract.tenant.IngestKeys;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The secret in a link sent by e-mail or shown once (an invitation, a sign-up's verification): 32 random bytes,
 * URL-safe, carried in the page's fragment so it never reaches a server log, and stored only as its SHA-256.
 */
public final class LinkTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TOKEN_BYTES = 32;
    private static final int MAX_LENGTH = 100;

    private LinkTokens() {}

    /** A new token. */
    public static String generate() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The stored form of a token a caller sent; empty when it cannot be one (blank or too long). */
    public static Optional<String> hash(String token) {
        if (token == null || token.isBlank() || token.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        return Optional.of(IngestKeys.hash(token.strip()));
    }
}
