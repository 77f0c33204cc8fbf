package dev.pulseboard.deploy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The stack's public HTTP and StatsD interfaces, as a client uses them. */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    // HTTP/1.1: the JDK client's default h2c upgrade attempt once left a request to the gateway unanswered forever.
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    record Reply(int status, JsonNode body, String raw) {}

    record Tenant(String id, String key) {}

    static Tenant signup(String tenant) throws Exception {
        Reply r = signupAs(tenant, tenant + "@e2e.pulseboard.local");
        if (r.status() != 201) {
            throw new IllegalStateException("sign-up of " + tenant + " answered " + r.status() + ": " + r.raw());
        }
        return new Tenant(
                r.body().get("tenant").asText(), r.body().get("ingestKey").asText());
    }

    /**
     * Creates {@code tenant} with owner {@code email} (password "e2e-password-" + tenant) through the operator's
     * {@code POST /internal/v1/tenants}, as ./pulseboard creates its demo tenant; the answer. (Public sign-up, by mailed
     * link, is the browser test's.)
     */
    static Reply signupAs(String tenant, String email) throws Exception {
        String body = JSON.writeValueAsString(JSON.createObjectNode()
                .put("organization", "E2E " + tenant)
                .put("tenant", tenant)
                .put("email", email)
                .put("password", "e2e-password-" + tenant)
                .put("firstName", "E2E")
                .put("lastName", tenant));
        return send(HttpRequest.newBuilder(URI.create(tenantService("/internal/v1/tenants")))
                .header("Content-Type", "application/json")
                .header("X-Pulseboard-Internal-Token", LocalStack.secret("internal-token"))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static Reply push(String key, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway("/api/v1/push")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return send(b);
    }

    static Reply query(String key, String promql, double timeSeconds) throws Exception {
        String url = queryFrontend(
                "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&time=" + timeSeconds);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return send(b);
    }

    /** The gateway's own counters for one tenant (received/discarded samples): evidence when a sample goes missing. */
    static String gatewayCounters(String tenant) {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + LocalStack.GATEWAY_MGMT_PORT + "/q/metrics"))
                            .timeout(Duration.ofSeconds(15))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.body()
                    .lines()
                    .filter(l -> l.contains("tenant=\"" + tenant + "\""))
                    .collect(java.util.stream.Collectors.joining("\n"));
        } catch (IOException | InterruptedException e) {
            return "(gateway metrics unavailable: " + e + ")";
        }
    }

    static void statsd(String payload) throws IOException {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.send(
                    new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), LocalStack.STATSD_PORT));
        }
    }

    /** An instant query straight to the stack's Prometheus, as an operator runs it (no tenant rewriting). */
    static Reply prometheus(String promql) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + LocalStack.PROMETHEUS_PORT
                        + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                .GET());
    }

    static String tenantService(String path) {
        return "http://127.0.0.1:" + LocalStack.TENANT_PORT + path;
    }

    static String gateway(String path) {
        return "http://127.0.0.1:" + LocalStack.GATEWAY_PORT + path;
    }

    static String queryFrontend(String path) {
        return "http://127.0.0.1:" + LocalStack.QUERY_PORT + path;
    }

    static Reply get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private static Reply send(HttpRequest.Builder b) throws Exception {
        HttpResponse<String> r =
                HTTP.send(b.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = null;
        try {
            body = r.body().isEmpty() ? null : JSON.readTree(r.body());
        } catch (IOException e) {
            // not JSON: keep the raw text for the assertion message
        }
        return new Reply(r.statusCode(), body, r.body());
    }
}
