package dev.pulseboard.tenant.keys;

/** Answer of the internal key resolution for the gateway (docs/architecture.md, "Interfaces between components"). */
public record ResolvedKey(String tenant, String keyId, String prefix) {}
