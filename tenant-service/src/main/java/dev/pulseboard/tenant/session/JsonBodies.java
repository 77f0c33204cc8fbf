package dev.pulseboard.tenant.session;

import com.fasterxml.jackson.databind.JsonNode;

/** Fields of the small JSON bodies the link flows send ({@code {"token": ..., "password": ...}}). */
public final class JsonBodies {
    private JsonBodies() {}

    /** The field's text, or null when the body, the field or its text is missing (the service then says which). */
    public static String text(JsonNode body, String field) {
        JsonNode value = body == null ? null : body.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
