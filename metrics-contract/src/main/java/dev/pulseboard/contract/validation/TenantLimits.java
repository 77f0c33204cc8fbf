package dev.pulseboard.contract.validation;

/** Narrow view validators depend on: the limits in force for one tenant (defaults plus its overrides). */
@FunctionalInterface
public interface TenantLimits {
    ValidationLimits limitsFor(String tenant);

    static TenantLimits defaults() {
        return tenant -> ValidationLimits.DEFAULTS;
    }
}
