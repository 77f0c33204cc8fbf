package dev.pulseboard.tenant.provisioning.thanos;

import dev.pulseboard.contract.tenant.TenantId;
import java.util.Map;

/**
 * Thanos Receive's limits configuration ({@code --receive.limits-config-file}), the {@code write.tenants} section:
 * one entry per tenant with its request limits and head series limit (https://thanos.io/tip/components/receive.md/,
 * "Limits &amp; gates"). No {@code global} or {@code default} section: a tenant Pulseboard does not know has no
 * hashring to write to anyway.
 *
 * <p>Written by hand, not by a YAML library, because the shape is fixed: the keys are tenant ids (validated
 * {@code [a-z0-9-]}, quoted so that ids such as {@code yes} or {@code null} stay strings in YAML 1.1) and the values
 * are non-negative integers, so nothing needs escaping.
 */
public final class LimitsFile {
    private LimitsFile() {}

    /** The file's content for these tenants' limits, in the map's order; the same input, the same bytes. */
    public static String render(Map<TenantId, ThanosTenantLimits> limits) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("# Written by Pulseboard tenant-service (provisioning); edits are overwritten on its next run.\n");
        yaml.append("write:\n");
        if (limits.isEmpty()) {
            yaml.append("  tenants: {}\n");
            return yaml.toString();
        }
        yaml.append("  tenants:\n");
        limits.forEach((tenant, limit) -> {
            yaml.append("    \"").append(tenant.value()).append("\":\n");
            yaml.append("      request:\n");
            yaml.append("        size_bytes_limit: ")
                    .append(limit.requestSizeBytes())
                    .append('\n');
            yaml.append("        series_limit: ").append(limit.requestSeries()).append('\n');
            yaml.append("        samples_limit: ")
                    .append(limit.requestSamples())
                    .append('\n');
            yaml.append("      head_series_limit: ").append(limit.headSeries()).append('\n');
        });
        return yaml.toString();
    }
}
