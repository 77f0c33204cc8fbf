package dev.pulseboard.gateway.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.pulseboard.contract.errors.ApiException;
import dev.pulseboard.contract.errors.ErrorKind;
import java.util.Map;

/**
 * RFC 9457 problem details, served as {@code application/problem+json}. {@code id} is the stable error id (also
 * the anchor in docs/errors.md that {@code type} points to); further members such as {@code accepted} and
 * {@code errors} are flattened into the object.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "id", "detail"})
public final class Problem {
    public static final String MEDIA_TYPE = "application/problem+json";
    /** Relative URI reference: resolved against the docs site, where every id is a heading. */
    static final String TYPE_BASE = "/docs/errors#";

    private final ErrorKind kind;
    private final String id;
    private final String detail;
    private final Map<String, Object> extensions;

    public Problem(ErrorKind kind, String id, String detail, Map<String, Object> extensions) {
        this.kind = kind;
        this.id = id;
        this.detail = detail;
        this.extensions = Map.copyOf(extensions);
    }

    public static Problem of(ApiException e) {
        return new Problem(e.kind(), e.errorId(), e.getMessage(), e.extensions());
    }

    public String getType() {
        return TYPE_BASE + id;
    }

    public String getTitle() {
        return kind.title();
    }

    public int getStatus() {
        return kind.status();
    }

    public String getId() {
        return id;
    }

    public String getDetail() {
        return detail;
    }

    @JsonAnyGetter
    public Map<String, Object> extensions() {
        return extensions;
    }
}
