package dev.pulseboard.tenant.session;

import dev.pulseboard.contract.tenant.TenantId;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Keycloak's {@code organization} claim. With the realm's default mapper it is a list of aliases
 * ({@code ["acme"]}); with "add organization id/attributes" it is an object keyed by alias. A user belongs to a
 * tenant only if the claim names exactly one valid tenant id; anything else (none, several, malformed) is empty.
 */
public final class OrganizationClaim {
    public static final String NAME = "organization";

    private OrganizationClaim() {}

    public static Optional<TenantId> singleTenant(Object claim) {
        List<String> aliases = aliases(claim);
        if (aliases.size() != 1 || !TenantId.isValid(aliases.get(0))) {
            return Optional.empty();
        }
        return Optional.of(new TenantId(aliases.get(0)));
    }

    static List<String> aliases(Object claim) {
        List<String> out = new ArrayList<>();
        if (claim instanceof JsonArray array) {
            for (JsonValue value : array) {
                out.add(value instanceof JsonString s ? s.getString() : "");
            }
        } else if (claim instanceof JsonObject object) {
            out.addAll(object.keySet());
        } else if (claim instanceof Map<?, ?> map) {
            map.keySet().forEach(k -> out.add(String.valueOf(k)));
        } else if (claim instanceof Collection<?> values) {
            values.forEach(v -> out.add(v instanceof JsonString s ? s.getString() : String.valueOf(v)));
        } else if (claim instanceof JsonString s) {
            out.add(s.getString());
        } else if (claim instanceof String s) {
            out.add(s);
        }
        return out;
    }
}
