package dev.pulseboard.contract.keys;

import java.util.Set;

/** What tenant-service said about one key hash. Neither variant holds the raw key. */
public sealed interface KeyLookup {

    /**
     * The key belongs to {@code tenant} and may be used for {@code scopes}; {@code prefix} is the display prefix safe
     * to log.
     */
    record Known(String tenant, String keyId, String prefix, Set<KeyScope> scopes) implements KeyLookup {
        public Known {
            scopes = Set.copyOf(scopes);
        }
    }

    /** 404 (or a key that is not even well-formed, which is never sent). */
    record Unknown() implements KeyLookup {}

    KeyLookup UNKNOWN = new Unknown();
}
