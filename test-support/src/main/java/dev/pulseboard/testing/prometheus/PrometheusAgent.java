package dev.pulseboard.testing.prometheus;

import dev.pulseboard.testing.FreePorts;
import dev.pulseboard.testing.Repository;
import dev.pulseboard.testing.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real Prometheus binary (Debian package {@code prometheus}, 2.42) in agent mode, as a user runs it to ship what it
 * scrapes: one scrape job every second against {@code target}, remote-written to {@code remoteWriteUrl} with the
 * ingest key as the basic-auth password, otherwise Prometheus' own defaults (metadata sent, retries on 5xx).
 *
 * <p>Binary: {@code PB_PROMETHEUS_BIN} or {@code /usr/bin/prometheus}.
 */
public final class PrometheusAgent extends ServerProcess {
    private final int port;

    private PrometheusAgent(Process process, Path dir, Path log, int port) {
        super("prometheus-agent", process, dir, log);
        this.port = port;
    }

    /**
     * @param target host:port serving /metrics
     * @param remoteWriteUrl e.g. http://127.0.0.1:19081/api/v1/write
     * @param key the ingest key, sent as the basic-auth password
     */
    public static PrometheusAgent start(String target, String remoteWriteUrl, String key) {
        Path dir = Repository.tempDir("pb-prometheus-agent-");
        Path log = Repository.logFile("prometheus-agent");
        int port = FreePorts.find();
        Path config = dir.resolve("agent.yml");
        try {
            Files.writeString(config, config(target, remoteWriteUrl, key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String bin = PrometheusServer.binary();
        Process p = launch(
                List.of(
                        bin,
                        "--enable-feature=agent",
                        "--config.file=" + config,
                        "--storage.agent.path=" + dir.resolve("wal"),
                        "--web.listen-address=127.0.0.1:" + port),
                dir,
                log,
                Map.of());
        PrometheusAgent agent = new PrometheusAgent(p, dir, log, port);
        agent.awaitHttp200(agent.url() + "/-/ready", Duration.ofSeconds(60));
        return agent;
    }

    static String config(String target, String remoteWriteUrl, String key) {
        return """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: app
                    static_configs:
                      - targets: ['%s']
                remote_write:
                  - url: %s
                    basic_auth:
                      username: pulseboard
                      password: '%s'
                    queue_config:
                      batch_send_deadline: 1s
                """.formatted(target, remoteWriteUrl, key);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }
}
