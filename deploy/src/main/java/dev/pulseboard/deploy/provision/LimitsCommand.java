package dev.pulseboard.deploy.provision;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.pulseboard.contract.limits.TenantLimitsPublisher;
import dev.pulseboard.contract.wire.v1.LimitsOverrides;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Limit overrides by the field names of the contract's {@code LimitsOverrides} message (for example
 * {@code max_active_series=5000}, {@code histogram_buckets=0.1,1,10}). No field clears the overrides.
 *
 * <ul>
 *   <li>{@code tenant-limits TENANT_SERVICE_URL TENANT [plan=NAME] field=value ...}: a tenant's plan and overrides,
 *       set through the tenant-service's operator API (ADR 014; token from {@code PB_INTERNAL_TOKEN}), which owns
 *       them and writes the merged limits to the tenant-limits topic;
 *   <li>{@code limits BOOTSTRAP * field=value ...}: the platform defaults for every tenant, straight on the topic (no
 *       tenant owns them).
 * </ul>
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

    static void put(String tenantServiceUrl, String internalToken, String tenant, List<String> assignments) {
        if (internalToken == null || internalToken.isBlank()) {
            throw new ProvisionException("PB_INTERNAL_TOKEN is not set");
        }
        String plan = null;
        List<String> fields = new ArrayList<>();
        for (String assignment : assignments) {
            if (assignment.startsWith("plan=")) {
                plan = assignment.substring("plan=".length());
            } else {
                fields.add(assignment);
            }
        }
        ObjectNode body = JsonHttp.JSON.createObjectNode();
        if (plan != null) {
            body.put("plan", plan);
        }
        body.set("overrides", json(parse(fields)));
        String url = tenantServiceUrl + "/internal/v1/tenants/" + tenant + "/limits";
        JsonHttp.Response response = JsonHttp.put(url, internalToken, body);
        if (response.status() != 200) {
            throw new ProvisionException("HTTP " + response.status() + " "
                    + response.body().path("id").asText() + ": "
                    + response.body().path("detail").asText());
        }
        System.out.println(response.body().toPrettyString());
    }

    /** The set fields as a JSON object by field name (the operator API's {@code overrides}). */
    static ObjectNode json(LimitsOverrides overrides) {
        ObjectNode out = JsonHttp.JSON.createObjectNode();
        overrides.getAllFields().forEach((field, value) -> {
            if (field.isRepeated()) {
                ArrayNode list = out.putArray(field.getName());
                ((List<?>) value).forEach(v -> list.add((Double) v));
            } else {
                out.set(field.getName(), JsonHttp.JSON.valueToTree(value));
            }
        });
        return out;
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
            if (field == null || field.getJavaType() == FieldDescriptor.JavaType.BOOLEAN) {
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
                .filter(f -> f.getJavaType() != FieldDescriptor.JavaType.BOOLEAN) // "deleted" is not a limit
                .map(FieldDescriptor::getName)
                .collect(Collectors.joining(", "));
    }
}
