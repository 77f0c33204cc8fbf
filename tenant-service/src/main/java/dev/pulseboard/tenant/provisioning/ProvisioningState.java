package dev.pulseboard.tenant.provisioning;

/**
 * Where one tenant stands in one target. READY and FAILED are what a run leaves in provisioning_status; PENDING is a
 * configured target that has not run for the tenant yet; NOT_CONFIGURED a target whose location is not set.
 */
public enum ProvisioningState {
    READY,
    FAILED,
    PENDING,
    NOT_CONFIGURED
}
