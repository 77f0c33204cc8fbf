package dev.pulseboard.query;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pulseboard.testing.LoopbackHttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Prometheus stand-in that holds every query open without an answer until the test says so: {@code GET /held}
 * answers how many are held, {@code POST /release} answers the oldest with an empty vector. What is still held when
 * the resource stops is closed. The frontend gets one place at Prometheus in all and a query timeout of
 * {@link #TIMEOUT_SECONDS} s without a budget of Prometheus time, so a test can queue a request behind a held one.
 */
public class HeldPrometheus implements QuarkusTestResourceLifecycleManager {
    static final int TIMEOUT_SECONDS = 10;

    private static final List<HttpExchange> HELD = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        server = LoopbackHttpServer.create();
        server.createContext("/api/v1/", HELD::add);
        // The test runs in another class loader than this resource: it controls it over HTTP.
        server.createContext("/held", exchange -> respond(exchange, Integer.toString(HELD.size())));
        server.createContext("/release", exchange -> {
            HttpExchange oldest = HELD.remove(0);
            respond(oldest, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
            respond(exchange, "released");
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of(
                "pulseboard.query.prometheus-url",
                url,
                "held-prometheus.url",
                url,
                "pulseboard.query.scheduler.max-in-flight",
                "1",
                "pulseboard.query.defaults.timeout",
                TIMEOUT_SECONDS + "s",
                "pulseboard.query.defaults.eval-time-per-second",
                "0s");
    }

    private static void respond(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void stop() {
        HELD.forEach(HttpExchange::close);
        HELD.clear();
        if (server != null) {
            server.stop(0);
        }
    }
}
