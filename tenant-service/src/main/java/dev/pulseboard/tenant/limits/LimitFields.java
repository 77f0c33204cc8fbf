package dev.pulseboard.tenant.limits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.pulseboard.contract.wire.v1.LimitsOverrides;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Limits as JSON objects keyed by the field names of the contract's {@code LimitsOverrides} (for example
 * {@code {"ingest_rate": 500, "max_active_series": 10000, "histogram_buckets": [0.1, 1, 10]}}), and their conversion
 * to the message the gateways and the pipeline read. The contract is the one list of limits: a field added there is
 * settable here without a change.
 */
final class LimitFields {
    private LimitFields() {}

    /** The contract's field that is not a limit but the tenant's deletion (set by OrganizationDeletion only). */
    static final String DELETED = "deleted";

    /** The contract's limit names, in field order. */
    static List<String> names() {
        return LimitsOverrides.getDescriptor().getFields().stream()
                .map(FieldDescriptor::getName)
                .filter(name -> !DELETED.equals(name))
                .toList();
    }

    /** {@code base} with every field of {@code top} replacing its value; both keyed by limit name. */
    static ObjectNode merge(JsonNode base, JsonNode top) {
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        sorted(base).forEach(merged::set);
        sorted(top).forEach(merged::set);
        return merged;
    }

    /**
     * Checks a JSON object of limits: every name is a limit, every value a number of the field's type (an array of
     * numbers for the repeated {@code histogram_buckets}); null removes the field. 400 err-pb-limits-invalid otherwise.
     */
    static ObjectNode validate(JsonNode limits, String where) {
        if (limits == null || limits.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!limits.isObject()) {
            throw invalid(where, where + " must be a JSON object of limits by name, e.g. {\"ingest_rate\": 500}.");
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = limits.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            FieldDescriptor field = LimitsOverrides.getDescriptor().findFieldByName(e.getKey());
            if (field == null || DELETED.equals(e.getKey())) {
                throw invalid(
                        where, "no limit named '" + e.getKey() + "'; limits: " + String.join(", ", names()) + ".");
            }
            JsonNode value = e.getValue();
            if (value.isNull()) {
                continue;
            }
            if (field.isRepeated()) {
                if (!value.isArray()) {
                    throw invalid(where, e.getKey() + " must be a list of numbers.");
                }
                var list = out.putArray(e.getKey());
                value.forEach(v -> list.add(node(scalar(field, v, where))));
            } else {
                out.set(e.getKey(), node(scalar(field, value, where)));
            }
        }
        return out;
    }

    /** The message for a valid object of limits. */
    static LimitsOverrides toMessage(JsonNode limits) {
        LimitsOverrides.Builder b = LimitsOverrides.newBuilder();
        sorted(limits).forEach((name, value) -> {
            FieldDescriptor field = LimitsOverrides.getDescriptor().findFieldByName(name);
            if (field.isRepeated()) {
                value.forEach(v -> b.addRepeatedField(field, scalar(field, v, name)));
            } else {
                b.setField(field, scalar(field, value, name));
            }
        });
        return b.build();
    }

    private static Object scalar(FieldDescriptor field, JsonNode v, String where) {
        switch (field.getJavaType()) {
            case INT -> {
                if (v.canConvertToInt() && v.isIntegralNumber()) {
                    return v.intValue();
                }
            }
            case LONG -> {
                if (v.canConvertToLong() && v.isIntegralNumber()) {
                    return v.longValue();
                }
            }
            case DOUBLE -> {
                if (v.isNumber() && Double.isFinite(v.doubleValue())) {
                    return v.doubleValue();
                }
            }
            default -> throw new IllegalStateException("unsupported limit type of " + field.getName());
        }
        throw invalid(
                where,
                field.getName() + " must be "
                        + (field.getJavaType() == FieldDescriptor.JavaType.DOUBLE ? "a number" : "a whole number")
                        + ", not " + v + ".");
    }

    /** The value as JSON of the field's own type (a double stays a double: 1 is written 1.0). */
    private static JsonNode node(Object value) {
        if (value instanceof Integer i) {
            return JsonNodeFactory.instance.numberNode(i);
        }
        if (value instanceof Long l) {
            return JsonNodeFactory.instance.numberNode(l);
        }
        return JsonNodeFactory.instance.numberNode((Double) value);
    }

    private static Map<String, JsonNode> sorted(JsonNode object) {
        Map<String, JsonNode> out = new TreeMap<>();
        if (object != null) {
            object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        }
        return out;
    }

    static ProblemException invalid(String field, String detail) {
        return ProblemException.invalidField(TenantError.LIMITS_INVALID, field, detail);
    }
}
