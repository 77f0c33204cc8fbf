package dev.pulseboard.deploy.provision;

import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.pulseboard.contract.limits.TenantLimitsPublisher;
import dev.pulseboard.contract.wire.v1.LimitsOverrides;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code limits BOOTSTRAP TENANT field=value ...}: a tenant's limit overrides, by the field names of the contract's
 * {@code LimitsOverrides} message (for example {@code max_active_series=5000}, {@code histogram_buckets=0.1,1,10}),
 * published to the tenant-limits topic that the gateways and the pipeline follow. No field clears the overrides.
 */
final class LimitsCommand {
    private LimitsCommand() {}

    static void publish(String bootstrap, String tenant, List<String> assignments) {
        LimitsOverrides overrides = parse(assignments);
        try (TenantLimitsPublisher publisher = new TenantLimitsPublisher(bootstrap)) {
            if (assignments.isEmpty()) {
                publisher.clear(tenant);
            } else {
                publisher.publish(tenant, overrides);
            }
        } catch (IllegalStateException e) {
            throw new ProvisionException("publishing the limits of " + tenant, e);
        }
    }

    static LimitsOverrides parse(List<String> assignments) {
        LimitsOverrides.Builder b = LimitsOverrides.newBuilder();
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected field=value, got '" + assignment + "'");
            }
            String name = assignment.substring(0, eq);
            String value = assignment.substring(eq + 1);
            FieldDescriptor field = LimitsOverrides.getDescriptor().findFieldByName(name);
            if (field == null) {
                throw new IllegalArgumentException("no limit named '" + name + "'; known: " + known());
            }
            if (field.isRepeated()) {
                for (String v : value.split(",", -1)) {
                    b.addRepeatedField(field, scalar(field, v.strip()));
                }
            } else {
                b.setField(field, scalar(field, value.strip()));
            }
        }
        return b.build();
    }

    private static Object scalar(FieldDescriptor field, String v) {
        try {
            return switch (field.getJavaType()) {
                case INT -> Integer.parseInt(v);
                case LONG -> Long.parseLong(v);
                case DOUBLE -> Double.parseDouble(v);
                default -> throw new IllegalArgumentException("unsupported limit type of " + field.getName());
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field.getName() + " needs a number, got '" + v + "'", e);
        }
    }

    private static String known() {
        return LimitsOverrides.getDescriptor().getFields().stream()
                .map(FieldDescriptor::getName)
                .collect(Collectors.joining(", "));
    }
}
