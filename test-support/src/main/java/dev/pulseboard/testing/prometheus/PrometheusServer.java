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
 * The real Prometheus binary (Debian package {@code prometheus}) as a throwaway server on a free loopback port,
 * configured from the local stack's own {@code deploy/prometheus/prometheus.yml.template} (so the tests run the
 * store with the stack's settings, out-of-order window included), remote-write receiver and lifecycle API on.
 *
 * <p>Binary: {@code PB_PROMETHEUS_BIN} or {@code /usr/bin/prometheus}.
 */
public final class PrometheusServer extends ServerProcess {
    private final int port;

    private PrometheusServer(Process process, Path dir, Path log, int port) {
        super("prometheus", process, dir, log);
        this.port = port;
    }

    public static PrometheusServer start() {
        Path dir = Repository.tempDir("pb-prometheus-");
        Path log = Repository.logFile("prometheus");
        int port = FreePorts.find();
        Path config = dir.resolve("prometheus.yml");
        try {
            Files.createDirectories(dir.resolve("prometheus/rules"));
            Files.writeString(config, stackConfig(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String bin = binary();
        Process p = launch(
                List.of(
                        bin,
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--web.enable-remote-write-receiver",
                        "--web.enable-lifecycle",
                        "--web.enable-admin-api"),
                dir,
                log,
                Map.of());
        PrometheusServer server = new PrometheusServer(p, dir, log, port);
        server.awaitHttp200(server.url() + "/-/ready", Duration.ofSeconds(60));
        return server;
    }

    /** The Prometheus binary: {@code PB_PROMETHEUS_BIN} or the Debian package's. Also the agent's. */
    static String binary() {
        return System.getenv().getOrDefault("PB_PROMETHEUS_BIN", "/usr/bin/prometheus");
    }

    /** The stack's template with its placeholders pointed at nothing that listens (scrapes just fail). */
    static String stackConfig(Path state) throws IOException {
        String template = Files.readString(Repository.root().resolve("deploy/prometheus/prometheus.yml.template"));
        int nowhere = FreePorts.find();
        return template.replace("@STATE@", state.toString())
                .replace("@ALERTMANAGER_PORT@", Integer.toString(nowhere))
                .replace("@GATEWAY_MGMT_PORT@", Integer.toString(nowhere))
                .replace("@TENANT_MGMT_PORT@", Integer.toString(nowhere))
                .replace("@PIPELINE_METRICS_PORT@", Integer.toString(nowhere));
    }

    /** Base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String remoteWriteUrl() {
        return url() + "/api/v1/write";
    }
}
