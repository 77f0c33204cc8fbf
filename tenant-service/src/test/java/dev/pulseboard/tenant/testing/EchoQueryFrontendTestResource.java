package dev.pulseboard.tenant.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pulseboard.contract.http.InternalApi;
import dev.pulseboard.testing.LoopbackHttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the ingest-gateway's query API (another module, not a dependency of tenant-service): answers
 * {@code /api/v1/query[_range]} with a Prometheus-shaped JSON body that echoes the path, raw query string,
 * {@code X-Scope-OrgID} and whether {@code X-Pulseboard-Internal-Token} was right, so a test can check what
 * tenant-service forwarded. A request without the right token gets 401, like the real gateway.
 */
public class EchoQueryFrontendTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String INTERNAL_TOKEN = "test-internal-token";
    private HttpServer server;
    private HttpServer prometheus;

    /** What the Prometheus stand-in received, oldest first; tests read it from its {@code GET /recorded}. */
    private static final List<String> PROMETHEUS_REQUESTS = new CopyOnWriteArrayList<>();

    @Override
    public Map<String, String> start() {
        server = LoopbackHttpServer.create();
        server.createContext("/api/v1/", EchoQueryFrontendTestResource::echo);
        server.start();
        prometheus = LoopbackHttpServer.create();
        prometheus.createContext("/api/v1/", EchoQueryFrontendTestResource::prometheus);
        // The tests run in another class loader than this resource: they read the recording over HTTP.
        prometheus.createContext("/recorded", exchange -> {
            byte[] bytes = String.join("\n", PROMETHEUS_REQUESTS).getBytes(StandardCharsets.UTF_8);
            respond(exchange, 200, bytes);
        });
        prometheus.start();
        return Map.of(
                "pulseboard.tenant.query.url",
                "http://127.0.0.1:" + server.getAddress().getPort(),
                "pulseboard.tenant.internal.token",
                INTERNAL_TOKEN,
                // short, so that a test of a hanging query frontend (NEVER_ANSWERED) does not wait the default 2 min
                "pulseboard.tenant.query.timeout",
                "2s",
                "pulseboard.tenant.usage.prometheus-url",
                "http://127.0.0.1:" + prometheus.getAddress().getPort());
    }

    /** Requests for {@link #NEVER_ANSWERED} held open without an answer until the resource stops. */
    private static final List<HttpExchange> HELD = new CopyOnWriteArrayList<>();

    /** A metric name whose queries the stand-in accepts and never answers (a query frontend that hangs). */
    public static final String NEVER_ANSWERED = "pb_never_answered";

    private static void echo(HttpExchange exchange) throws IOException {
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null && raw.contains(NEVER_ANSWERED)) {
            HELD.add(exchange);
            return;
        }
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
        respond(exchange, tokenOk ? 200 : 401, bytes);
    }

    /**
     * Stands in for the platform's Prometheus (usage queries, the deletion's admin API): an empty vector for every query,
     * 204 for the admin API, and every request recorded as "METHOD path?query" (decoded), served back by {@code GET /recorded}.
     * Usage and deletion against the real Prometheus are tested end to end (WalkingSkeletonIT).
     */
    private static void prometheus(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        PROMETHEUS_REQUESTS.add(exchange.getRequestMethod() + " "
                + exchange.getRequestURI().getPath() + (query == null ? "" : "?" + query));
        if (exchange.getRequestURI().getPath().startsWith("/api/v1/admin/")) {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            return;
        }
        byte[] bytes = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        respond(exchange, 200, bytes);
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String json(String value) {
        return value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public void stop() {
        HELD.forEach(HttpExchange::close);
        HELD.clear();
        if (server != null) {
            server.stop(0);
        }
        if (prometheus != null) {
            prometheus.stop(0);
        }
    }
}
