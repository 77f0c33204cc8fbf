package dev.pulseboard.contract.keys;

/** What tenant-service said about one key hash. Neither variant holds the raw key. */
public sealed interface KeyLookup {

    /** 200: the key belongs to {@code tenant}; {@code prefix} is the display prefix safe to log. */
    record Known(String tenant, String keyId, String prefix) implements KeyLookup {}

    /** 404 (or a key that is not even well-formed, which is never sent). */
    record Unknown() implements KeyLookup {}

    KeyLookup UNKNOWN = new Unknown();
}
