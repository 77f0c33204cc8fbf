package dev.pulseboard.contract.webhook;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.Sample;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Applies a {@link WebhookMapping} to one payload: the samples it yields, and for each sample that could not be made
 * the reason (a missing or non-numeric value, an unreadable time). Pure: the gateway stores what it returns, and
 * tenant-service's test endpoint shows it. Label values that are JSON numbers are written as JSON writes them
 * ({@code 3}, not {@code 3.0}).
 */
public final class WebhookMapper {
    /** Items one payload may yield; beyond, the payload is refused as a whole. */
    public static final int MAX_ITEMS = 1000;

    private static final Configuration JSON = Configuration.defaultConfiguration();

    private WebhookMapper() {}

    /**
     * @param samples the samples made, labels sorted by name
     * @param errors one message per sample that could not be made (item index and sample name first)
     * @param skipped items whose {@code when} did not match
     */
    public record Result(List<Sample> samples, List<String> errors, int skipped) {}

    /** The payload as a whole is not usable (not JSON, too many items); nothing of it is stored. */
    public static final class InvalidPayload extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidPayload(String message) {
            super(message, null, false, false);
        }
    }

    public static Result map(WebhookMapping mapping, String payload, long receivedAtMs) {
        Object root;
        try {
            root = JSON.jsonProvider().parse(payload);
        } catch (RuntimeException e) {
            throw new InvalidPayload("the payload is not JSON");
        }
        List<?> items = items(mapping, root);
        List<Sample> samples = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int skipped = 0;
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            if (mapping.when() != null
                    && !mapping.when()
                            .equals()
                            .equals(scalar(read(mapping.when().path(), item)))) {
                skipped++;
                continue;
            }
            String where = items.size() == 1 ? "" : "item " + i + ": ";
            long timestampMs;
            try {
                timestampMs = mapping.time() == null ? receivedAtMs : time(mapping.time(), item);
            } catch (IllegalArgumentException e) {
                for (WebhookMapping.SampleRule rule : mapping.samples()) {
                    errors.add(where + "sample '" + rule.name() + "': " + e.getMessage());
                }
                continue;
            }
            List<Label> labels = new ArrayList<>();
            for (Map.Entry<String, JsonPath> l : mapping.labels().entrySet()) {
                String value = scalar(read(l.getValue(), item));
                if (value != null && !value.isEmpty()) {
                    labels.add(Label.newBuilder()
                            .setName(l.getKey())
                            .setValue(value)
                            .build());
                }
            }
            for (WebhookMapping.SampleRule rule : mapping.samples()) {
                Double value =
                        rule.value() == null ? Double.valueOf(rule.constant()) : number(read(rule.value(), item));
                if (value == null) {
                    errors.add(where + "sample '" + rule.name() + "': "
                            + rule.value().getPath() + " is missing or not a number");
                    continue;
                }
                samples.add(Sample.newBuilder()
                        .setName(rule.name())
                        .setType(rule.type())
                        .addAllLabels(labels)
                        .setValue(scaled(value, rule.scale()))
                        .setTimestampMs(timestampMs)
                        .build());
            }
        }
        return new Result(samples, errors, skipped);
    }

    /** value x scale in decimal, so that 2499 cents x 0.01 is 24.99, not 24.990000000000002. */
    private static double scaled(double value, double scale) {
        return scale == 1
                ? value
                : BigDecimal.valueOf(value).multiply(BigDecimal.valueOf(scale)).doubleValue();
    }

    private static List<?> items(WebhookMapping mapping, Object root) {
        if (mapping.items() == null) {
            return List.of(root);
        }
        Object selected = read(mapping.items(), root);
        List<?> items = selected instanceof List<?> list ? list : selected == null ? List.of() : List.of(selected);
        if (items.size() > MAX_ITEMS) {
            throw new InvalidPayload("the items path selects " + items.size() + " items, over " + MAX_ITEMS);
        }
        return items;
    }

    private static Object read(JsonPath path, Object item) {
        try {
            return path.read(item, JSON);
        } catch (PathNotFoundException e) {
            return null;
        } catch (RuntimeException e) {
            // A path that does not fit this payload's shape (e.g. a filter on a scalar) finds nothing.
            return null;
        }
    }

    private static long time(WebhookMapping.Time time, Object item) {
        Object v = read(time.path(), item);
        if (v == null) {
            throw new IllegalArgumentException("time " + time.path().getPath() + " is missing");
        }
        try {
            return switch (time.format()) {
                case UNIX_S -> Math.round(toDouble(v) * 1000.0);
                case UNIX_MS -> Math.round(toDouble(v));
                case RFC3339 ->
                    OffsetDateTime.parse(String.valueOf(v)).toInstant().toEpochMilli();
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("time " + time.path().getPath() + " is not "
                    + time.format().name().toLowerCase(Locale.ROOT));
        }
    }

    private static double toDouble(Object v) {
        double d = v instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(v));
        if (!Double.isFinite(d)) {
            throw new NumberFormatException("not finite");
        }
        return d;
    }

    /** A JSON number, numeric string or boolean as a number; null for anything else. */
    private static Double number(Object v) {
        if (v instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        if (v instanceof Number || v instanceof String) {
            try {
                return toDouble(v);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** A JSON scalar as label text; null for a missing field, an object or a list. */
    private static String scalar(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        }
        if (v instanceof Boolean b) {
            return b.toString();
        }
        return null;
    }
}
