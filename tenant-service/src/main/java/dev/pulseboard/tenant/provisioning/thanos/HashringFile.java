package dev.pulseboard.tenant.provisioning.thanos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulseboard.contract.tenant.TenantId;
import java.util.Collection;
import java.util.List;

/**
 * Thanos Receive's hashring file ({@code --receive.hashrings-file}): a JSON array of hashrings, here one per tenant,
 * {@code {"tenants": ["<tenant>"], "endpoints": [...]}} in tenant order (https://thanos.io/tip/components/receive.md/,
 * "It is possible to only match certain tenants inside of a hashring file"). There is no hashring without
 * {@code tenants}: a tenant the file does not name matches no hashring.
 */
public final class HashringFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private HashringFile() {}

    /** The file's content for these tenants (in the order given) and Receive nodes; the same input, the same bytes. */
    public static String render(Collection<TenantId> tenants, List<String> endpoints) {
        ArrayNode hashrings = JSON.createArrayNode();
        for (TenantId tenant : tenants) {
            ObjectNode hashring = hashrings.addObject();
            hashring.putArray("tenants").add(tenant.value());
            ArrayNode nodes = hashring.putArray("endpoints");
            endpoints.forEach(nodes::add);
        }
        try {
            return JSON.writeValueAsString(hashrings) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the hashring file", e);
        }
    }
}
