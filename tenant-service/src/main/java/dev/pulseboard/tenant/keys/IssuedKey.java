package dev.pulseboard.tenant.keys;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A freshly created key: the only object that ever holds the raw key, returned once in the HTTP response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IssuedKey(
        UUID id, String key, String name, String prefix, List<String> scopes, Instant createdAt, String createdBy) {
    @Override
    public String toString() {
        return "IssuedKey[id=" + id + ", prefix=" + prefix + "]";
    }
}
