package dev.pulseboard.pipeline.store.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retry rules of the client. Prometheus cannot be made to answer 5xx/429 on demand, so these failure modes use a
 * loopback endpoint that answers a scripted status sequence (the happy path and 400 are tested against the real
 * Prometheus in {@link RemoteWriteSinkWriterIT}).
 */
class RemoteWriteClientTest {
    private HttpServer server;
    private final ConcurrentLinkedQueue<Map<String, List<String>>> requests = new ConcurrentLinkedQueue<>();

    private String serve(int... statuses) throws IOException {
        AtomicInteger n = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/write", ex -> {
            ex.getRequestBody().readAllBytes();
            requests.add(Map.copyOf(ex.getRequestHeaders()));
            int status = statuses[Math.min(n.getAndIncrement(), statuses.length - 1)];
            byte[] body = status == 204 ? new byte[0] : ("status " + status).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, status == 204 ? -1 : body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write";
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static RemoteWriteClient client(String url, Duration maxRetryTime) {
        return new RemoteWriteClient(new RemoteWriteOptions(
                url,
                100,
                Duration.ZERO,
                Duration.ofSeconds(2),
                maxRetryTime,
                Duration.ofMillis(5),
                Duration.ofMillis(20),
                4,
                1,
                "X-Scope-OrgID"));
    }

    private static RemoteWriteClient.Result send(RemoteWriteClient c) throws Exception {
        return c.send("acme", new byte[] {1, 2, 3}).get(30, TimeUnit.SECONDS);
    }

    @Test
    void retries5xxAnd429ThenSucceedsWithRemoteWriteHeaders() throws Exception {
        RemoteWriteClient c = client(serve(503, 429, 204), Duration.ofSeconds(10));
        RemoteWriteClient.Result r = send(c);
        assertThat(r.written()).isTrue();
        assertThat(requests).hasSize(3);
        assertThat(c.retries()).isEqualTo(2);
        Map<String, List<String>> h = requests.peek();
        assertThat(h.get("Content-encoding")).containsExactly("snappy");
        assertThat(h.get("Content-type")).containsExactly("application/x-protobuf");
        assertThat(h.get("X-prometheus-remote-write-version")).containsExactly("0.1.0");
        assertThat(h.get("X-scope-orgid")).containsExactly("acme");
    }

    @Test
    void neverRetriesA400() throws Exception {
        RemoteWriteClient.Result r = send(client(serve(400, 204), Duration.ofSeconds(10)));
        assertThat(r.written()).isFalse();
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("status 400");
        assertThat(requests).hasSize(1);
    }

    @Test
    void prometheusTooOldSample500IsARejectionNotARetry() {
        assertThat(RemoteWriteClient.retryable(500, "too old sample")).isFalse();
        assertThat(RemoteWriteClient.retryable(500, "TSDB not ready")).isTrue();
        assertThat(RemoteWriteClient.retryable(429, "")).isTrue();
        assertThat(RemoteWriteClient.retryable(400, "out of order sample")).isFalse();
    }

    @Test
    void givesUpAfterTheRetryTimeSoTheJobRestartsFromItsCheckpoint() throws Exception {
        RemoteWriteClient c = client(serve(500), Duration.ofMillis(300));
        assertThatThrownBy(() -> send(c))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("still failing")
                .hasMessageContaining("500");
        assertThat(requests.size()).isGreaterThan(2);
    }
}
