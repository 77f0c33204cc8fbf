package dev.pulseboard.contract.validation;

import java.io.Serializable;

/**
 * Narrow view validators depend on: the limits in force for one tenant (defaults plus its overrides).
 * Serializable so a Flink operator can carry it as it is.
 */
@FunctionalInterface
public interface TenantLimits extends Serializable {
    ValidationLimits limitsFor(String tenant);

    static TenantLimits defaults() {
        return tenant -> ValidationLimits.DEFAULTS;
    }
}
