package dev.pulseboard.gateway.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pulseboard.contract.http.InternalApi;
import dev.pulseboard.contract.tenant.IngestKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Contract double of OUR OWN tenant-service API {@code GET /internal/v1/ingest-keys/{sha256}} (docs/architecture.md),
 * for the gateway's tests only: the real tenant-service needs PostgreSQL and Keycloak, and the end-to-end tests in
 * deploy/ run the gateway against it. Answers exactly as documented: 200 {tenant,keyId,prefix} for the keys in
 * {@link TestKeys}, 404 for other hashes, 401 without the right X-Pulseboard-Internal-Token; and 500 for
 * {@link TestKeys#LOOKUP_FAILS}, to exercise the gateway's handling of a failing tenant-service.
 */
public class TenantServiceContractDouble implements QuarkusTestResourceLifecycleManager {
    private static final Map<String, String> TENANT_BY_HASH = Map.of(
            IngestKeys.hash(TestKeys.ACME), "acme",
            IngestKeys.hash(TestKeys.GLOBEX), "globex");

    private HttpServer server;
    private final AtomicInteger lookups = new AtomicInteger();

    @Override
    public Map<String, String> start() {
        return Map.of(
                "pulseboard.gateway.tenant-service.base-url",
                startServer(),
                "pulseboard.gateway.tenant-service.internal-token",
                TestKeys.INTERNAL_TOKEN);
    }

    /** Starts on a free loopback port and returns the base URL; also usable without Quarkus. */
    public String startServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind the tenant-service double", e);
        }
        server.createContext(InternalApi.INGEST_KEYS_PREFIX, this::handle);
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int lookups() {
        return lookups.get();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        lookups.incrementAndGet();
        String hash = exchange.getRequestURI().getPath().substring(InternalApi.INGEST_KEYS_PREFIX.length());
        String tenant = TENANT_BY_HASH.get(hash);
        if (!TestKeys.INTERNAL_TOKEN.equals(exchange.getRequestHeaders().getFirst(InternalApi.TOKEN_HEADER))) {
            respond(exchange, 401, "{\"error\":\"unauthorized\"}");
        } else if (hash.equals(IngestKeys.hash(TestKeys.LOOKUP_FAILS))) {
            respond(exchange, 500, "{\"error\":\"database unavailable\"}");
        } else if (!"GET".equals(exchange.getRequestMethod()) || tenant == null) {
            respond(exchange, 404, "{\"error\":\"not found\"}");
        } else {
            respond(
                    exchange,
                    200,
                    "{\"tenant\":\"" + tenant + "\",\"keyId\":\"key-" + tenant + "\",\"prefix\":\"" + prefixOf(tenant)
                            + "\"}");
        }
    }

    private static String prefixOf(String tenant) {
        return IngestKeys.displayPrefix("acme".equals(tenant) ? TestKeys.ACME : TestKeys.GLOBEX);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
