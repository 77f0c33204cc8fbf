package dev.pulseboard.tenant.ui;

import dev.pulseboard.tenant.config.TenantServiceConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/config} (public): the addresses tenants send and query data at, for the web UI's snippets, so
 * no port or host is written into the JavaScript.
 */
@Path("/api/config")
public class PublicConfigResource {

    /** What the UI needs to show a working snippet. */
    public record PublicConfig(String ingestUrl, String queryUrl, Statsd statsd) {}

    public record Statsd(String host, int port) {}

    private final PublicConfig config;

    PublicConfigResource(TenantServiceConfig config) {
        TenantServiceConfig.PublicEndpoints p = config.publicEndpoints();
        this.config = new PublicConfig(p.ingestUrl(), p.queryUrl(), new Statsd(p.statsdHost(), p.statsdPort()));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public PublicConfig config() {
        return config;
    }
}
