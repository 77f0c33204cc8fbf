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
 * The real Alertmanager binary (Debian package {@code prometheus-alertmanager}) on a free loopback port, clustering
 * off, started with the local stack's {@code deploy/alertmanager/alertmanager.yml} unless a test passes its own.
 *
 * <p>Binary: {@code PB_ALERTMANAGER_BIN} or {@code /usr/bin/prometheus-alertmanager}.
 */
public final class AlertmanagerServer extends ServerProcess {
    private final int port;

    private AlertmanagerServer(Process process, Path dir, Path log, int port) {
        super("alertmanager", process, dir, log);
        this.port = port;
    }

    public static AlertmanagerServer start() {
        try {
            return start(Files.readString(Repository.root().resolve("deploy/alertmanager/alertmanager.yml")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static AlertmanagerServer start(String configYaml) {
        Path dir = Repository.tempDir("pb-alertmanager-");
        Path log = Repository.logFile("alertmanager");
        int port = FreePorts.find();
        Path config = dir.resolve("alertmanager.yml");
        try {
            Files.writeString(config, configYaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String bin = System.getenv().getOrDefault("PB_ALERTMANAGER_BIN", "/usr/bin/prometheus-alertmanager");
        Process p = launch(
                List.of(
                        bin,
                        "--config.file=" + config,
                        "--storage.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--cluster.listen-address="),
                dir,
                log,
                Map.of());
        AlertmanagerServer server = new AlertmanagerServer(p, dir, log, port);
        server.awaitHttp200(server.url() + "/-/ready", Duration.ofSeconds(60));
        return server;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }
}
