package dev.pulseboard.tenant.provisioning.grafana;

import java.util.Objects;
import java.util.UUID;

/** A freshly issued read key: its id, and the raw key, which goes to Grafana once and nowhere else (not to logs). */
public record ReadKey(UUID id, String secret) {
    public ReadKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "ReadKey[id=" + id + "]";
    }
}
