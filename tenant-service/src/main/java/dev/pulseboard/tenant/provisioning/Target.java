package dev.pulseboard.tenant.provisioning;

/** A system the reconciler provisions tenants into; {@link #id()} is the value of provisioning_status.target. */
public enum Target {
    GRAFANA("grafana"),
    THANOS("thanos");

    private final String id;

    Target(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Target of(String id) {
        for (Target target : values()) {
            if (target.id.equals(id)) {
                return target;
            }
        }
        throw new IllegalArgumentException("unknown provisioning target " + id);
    }
}
