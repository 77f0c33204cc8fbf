package dev.pulseboard.contract.limits;

/** Narrow view validators depend on: the limits in force for one tenant (defaults plus its overrides). */
@FunctionalInterface
public interface TenantLimits {
    Limits limitsFor(String tenant);

    /** Whether the limits are known: false while a feed has not yet read the overrides that exist. */
    default boolean ready() {
        return true;
    }

    /** The platform defaults for every tenant. */
    static TenantLimits defaults() {
        return tenant -> Limits.DEFAULTS;
    }
}
