package dev.pulseboard.tenant.provisioning.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The reference dashboards of the repository's dashboards/ directory, as every tenant's Grafana organisation gets
 * them. They are read from the web-ui jar, which carries dashboards/*.json unchanged with an index
 * ({@value #INDEX}); the UI renders the same files (ADR 011).
 */
public final class ReferenceDashboards {
    static final String INDEX = "META-INF/resources/dashboards/index.json";
    private static final String DIRECTORY = "META-INF/resources/dashboards/";

    private final List<ObjectNode> models;

    public ReferenceDashboards(List<ObjectNode> models) {
        this.models = List.copyOf(models);
    }

    /** The dashboards the index of the web-ui jar lists. */
    public static ReferenceDashboards fromClasspath(ObjectMapper json) {
        ClassLoader loader = ReferenceDashboards.class.getClassLoader();
        JsonNode index = read(json, loader, INDEX);
        List<ObjectNode> models = new ArrayList<>();
        for (JsonNode entry : index) {
            String file = entry.path("file").asText();
            if (!file.matches("[A-Za-z0-9_.-]+\\.json")) {
                throw new IllegalStateException("dashboard index names an unexpected file: " + file);
            }
            if (!(read(json, loader, DIRECTORY + file) instanceof ObjectNode model)) {
                throw new IllegalStateException("dashboard " + file + " is not a JSON object");
            }
            models.add(model);
        }
        models.sort(Comparator.comparing(model -> model.path("uid").asText()));
        return new ReferenceDashboards(models);
    }

    public List<ObjectNode> all() {
        return models;
    }

    /**
     * The model a tenant's organisation gets: the file's, without Grafana's {@code id} and {@code version} (Grafana
     * assigns both), with every datasource variable preset to the tenant's datasource.
     */
    static ObjectNode forTenant(ObjectNode reference, String datasourceUid, String datasourceName) {
        ObjectNode model = reference.deepCopy();
        model.remove("id");
        model.remove("version");
        for (JsonNode variable : model.path("templating").path("list")) {
            if (variable instanceof ObjectNode object
                    && "datasource".equals(variable.path("type").asText())) {
                object.putObject("current").put("text", datasourceName).put("value", datasourceUid);
            }
        }
        return model;
    }

    /**
     * Grafana holds this model already: equal but for the {@code id} and {@code version} Grafana adds, numbers
     * compared by value (Grafana may write 1.0 as 1).
     */
    static boolean sameContent(ObjectNode desired, JsonNode stored) {
        if (!(stored instanceof ObjectNode storedObject)) {
            return false;
        }
        ObjectNode held = storedObject.deepCopy();
        held.remove("id");
        held.remove("version");
        return desired.equals(ReferenceDashboards::compare, held);
    }

    private static int compare(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    }

    private static JsonNode read(ObjectMapper json, ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the classpath (the web-ui jar)");
            }
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
