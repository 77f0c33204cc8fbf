package dev.pulseboard.contract.keys;

/**
 * The caller of a request, as established from its ingest key. {@code keyPrefix} is the display prefix
 * ({@code pbk_1a2b3c4d}), safe to log; the raw key is deliberately not part of this type.
 */
public record AuthenticatedTenant(String tenant, String keyId, String keyPrefix) {}
