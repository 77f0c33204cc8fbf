package dev.pulseboard.tenant.dashboards;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the body of a dashboard import or update: a Grafana dashboard JSON object, or Grafana's HTTP-API envelope
 * {@code {"dashboard": {...}, "overwrite": bool}}. Pure: it refuses with 413 err-pb-dashboard-too-large or 400
 * err-pb-dashboard-invalid (the detail names the field and the problem, {@code field} names the field) and touches
 * nothing else. Numbers keep their written precision, so an export gives back the numbers that were imported.
 */
final class DashboardParser {
    /** Grafana's uid alphabet; 40 is the length of the uid column. */
    static final Pattern UID = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    /** Characters (code points) of a title, after stripping; the length of the title column. */
    static final int MAX_TITLE = 200;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /**
     * A readable body.
     *
     * @param model the dashboard to store, without Grafana's numeric "id" and with the stripped title
     * @param uid the uid it names, or null when it names none (absent, null or "")
     * @param title the stripped title
     * @param version the "version" it names when that is a number, else null
     * @param overwrite the envelope's {@code "overwrite": true}
     */
    record DashboardBody(ObjectNode model, String uid, String title, BigDecimal version, boolean overwrite) {}

    private DashboardParser() {}

    /**
     * @param maxBytes the largest body in bytes of UTF-8
     * @param limitName the property that sets {@code maxBytes}, named in the 413
     */
    static DashboardBody parse(String body, long maxBytes, String limitName) {
        String text = body == null ? "" : body;
        if (exceeds(text, maxBytes)) {
            throw new ProblemException(
                    TenantError.DASHBOARD_TOO_LARGE,
                    "The dashboard is over " + maxBytes + " bytes (" + limitName + "). Remove unused panels or"
                            + " library data, split it in two, or ask the operator to raise " + limitName + ".");
        }
        JsonNode root = read(text);
        if (!(root instanceof ObjectNode object)) {
            throw invalid("body", "the body must be a JSON object (a Grafana dashboard), not " + kind(root));
        }
        ObjectNode model = object;
        boolean overwrite = false;
        if (object.get("dashboard") instanceof ObjectNode inner && absent(object.get("panels"))) {
            JsonNode flag = object.get("overwrite");
            overwrite = flag != null && flag.isBoolean() && flag.booleanValue();
            model = inner;
        }
        model.remove("id"); // Grafana's database id: it means nothing here
        String uid = uid(model.get("uid"));
        String title = title(model.get("title"));
        model.put("title", title);
        checkPanels(model.get("panels"));
        JsonNode templating = model.get("templating");
        if (!absent(templating) && !templating.isObject()) {
            throw invalid("templating", "templating must be an object, not " + kind(templating));
        }
        JsonNode version = model.get("version");
        return new DashboardBody(
                model, uid, title, version != null && version.isNumber() ? version.decimalValue() : null, overwrite);
    }

    /** The stored form: compact JSON. */
    static String compact(ObjectNode model) {
        try {
            return JSON.writeValueAsString(model);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /** The strings of a stored model's "tags" (its JSON text, or null); anything else in it is left out. */
    static List<String> tags(String tagsJson) {
        List<String> tags = new ArrayList<>();
        if (tagsJson == null) {
            return tags;
        }
        try {
            for (JsonNode tag : JSON.readTree(tagsJson)) {
                if (tag.isTextual()) {
                    tags.add(tag.textValue());
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored tags are not JSON", e);
        }
        return tags;
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (StreamConstraintsException e) {
            throw invalid("body", "the body is nested too deeply or holds a too long number or string");
        } catch (JsonParseException e) {
            throw invalid("body", "the body is not JSON (syntax error" + at(e.getLocation()) + ")");
        } catch (JsonProcessingException e) {
            throw invalid("body", "the body must be one JSON object, with nothing after it" + at(e.getLocation()));
        }
    }

    private static String uid(JsonNode uid) {
        if (absent(uid) || (uid.isTextual() && uid.textValue().isEmpty())) {
            return null;
        }
        if (!uid.isTextual() || !UID.matcher(uid.textValue()).matches()) {
            throw invalid("uid", "uid must be 1 to 40 letters, digits, '-' or '_' (or absent to get a generated one)");
        }
        return uid.textValue();
    }

    private static String title(JsonNode title) {
        if (title == null || !title.isTextual() || title.textValue().isBlank()) {
            throw invalid("title", "title must be a non-empty string");
        }
        String stripped = title.textValue().strip();
        int length = stripped.codePointCount(0, stripped.length());
        if (length > MAX_TITLE) {
            throw invalid("title", "title must be at most " + MAX_TITLE + " characters, not " + length);
        }
        if (stripped.indexOf('\0') >= 0) {
            throw invalid("title", "title must not contain the NUL character");
        }
        return stripped;
    }

    private static void checkPanels(JsonNode panels) {
        if (absent(panels)) {
            return;
        }
        if (!panels.isArray()) {
            throw invalid("panels", "panels must be an array of objects, not " + kind(panels));
        }
        for (int i = 0; i < panels.size(); i++) {
            if (!panels.get(i).isObject()) {
                throw invalid("panels", "panels[" + i + "] must be an object, not " + kind(panels.get(i)));
            }
        }
    }

    /** Whether the UTF-8 form of {@code text} has more than {@code maxBytes} bytes; stops counting once it has. */
    static boolean exceeds(String text, long maxBytes) {
        if (text.length() > maxBytes) {
            return true; // every char is at least one byte
        }
        long bytes = 0;
        for (int i = 0; i < text.length() && bytes <= maxBytes; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isSurrogate(c)) {
                bytes += 2; // a pair is 4 bytes; a lone surrogate becomes '?' (1 byte), counted generously here
            } else {
                bytes += 3;
            }
        }
        return bytes > maxBytes;
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull();
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case MISSING -> "an empty body";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case BINARY, POJO -> "a value of another kind";
        };
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static ProblemException invalid(String field, String detail) {
        return ProblemException.invalidField(TenantError.DASHBOARD_INVALID, field, detail);
    }
}
