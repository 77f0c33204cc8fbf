package dev.pulseboard.tenant.provisioning.grafana;

import dev.pulseboard.contract.tenant.TenantId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Read keys in memory: what IngestKeyService would issue and revoke, with every issue and revocation on record. */
public final class FakeReadKeys implements ReadKeys {

    /** A key as the fake holds it. */
    public record Key(TenantId tenant, UUID id, String raw, boolean revoked) {}

    private final Map<UUID, Key> keys = new LinkedHashMap<>();
    private final List<UUID> revocations = new ArrayList<>();
    private final Random random = new Random(42);

    @Override
    public ReadKey issue(TenantId tenant) {
        byte[] secret = new byte[20];
        random.nextBytes(secret);
        String raw = "pbk_" + HexFormat.of().formatHex(secret);
        UUID id = new UUID(random.nextLong(), random.nextLong());
        keys.put(id, new Key(tenant, id, raw, false));
        return new ReadKey(id, raw);
    }

    @Override
    public boolean isActive(TenantId tenant, UUID id) {
        Key key = keys.get(id);
        return key != null && key.tenant().equals(tenant) && !key.revoked();
    }

    @Override
    public void revoke(TenantId tenant, UUID id) {
        Key key = keys.get(id);
        if (key != null && key.tenant().equals(tenant)) {
            keys.put(id, new Key(tenant, id, key.raw(), true));
            revocations.add(id);
        }
    }

    /** The tenant revokes a key itself (DELETE /api/keys/{id}). */
    public void revokedByTenant(UUID id) {
        Key key = keys.get(id);
        keys.put(id, new Key(key.tenant(), id, key.raw(), true));
    }

    public List<Key> issued() {
        return List.copyOf(keys.values());
    }

    public List<Key> issuedTo(TenantId tenant) {
        return keys.values().stream().filter(k -> k.tenant().equals(tenant)).toList();
    }

    public Set<UUID> active(TenantId tenant) {
        return keys.values().stream()
                .filter(k -> k.tenant().equals(tenant) && !k.revoked())
                .map(Key::id)
                .collect(Collectors.toSet());
    }

    /** Revocations made by the reconciler, in order. */
    public List<UUID> revocations() {
        return List.copyOf(revocations);
    }

    public Key key(UUID id) {
        return keys.get(id);
    }
}
