package dev.pulseboard.tenant.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pulseboard.contract.http.InternalApi;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Stands in for the ingest-gateway's query API (another module, not a dependency of tenant-service): answers
 * {@code /api/v1/query[_range]} with a Prometheus-shaped JSON body that echoes the path, raw query string,
 * {@code X-Scope-OrgID} and whether {@code X-Pulseboard-Internal-Token} was right, so a test can check what
 * tenant-service forwarded. A request without the right token gets 401, like the real gateway.
 */
public class EchoQueryFrontendTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String INTERNAL_TOKEN = "test-internal-token";
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/v1/", EchoQueryFrontendTestResource::echo);
        server.start();
        return Map.of(
                "pulseboard.tenant.query.url",
                "http://127.0.0.1:" + server.getAddress().getPort(),
                "pulseboard.tenant.internal.token",
                INTERNAL_TOKEN);
    }

    private static void echo(HttpExchange exchange) throws IOException {
        boolean tokenOk = INTERNAL_TOKEN.equals(exchange.getRequestHeaders().getFirst(InternalApi.TOKEN_HEADER));
        String body = """
                {"status":"success","data":{"resultType":"vector","result":[]},\
                "echo":{"path":"%s","query":"%s","scope":"%s","tokenOk":%s}}""".formatted(
                        exchange.getRequestURI().getPath(),
                        json(exchange.getRequestURI().getRawQuery()),
                        json(exchange.getRequestHeaders().getFirst(InternalApi.TENANT_HEADER)),
                        tokenOk);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(tokenOk ? 200 : 401, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String json(String value) {
        return value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
