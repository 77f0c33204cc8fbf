package dev.pulseboard.testing.keycloak;

import dev.pulseboard.testing.FreePorts;
import dev.pulseboard.testing.Repository;
import dev.pulseboard.testing.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real Keycloak 26.7.3 for one test run, from the distribution {@code ./pulseboard install} unpacks into
 * {@code .pulseboard/tools} ({@code -Dpulseboard.keycloak.home}), started as the stack starts it: {@code kc.sh
 * start-dev --import-realm} with the stack's realm file, the H2 file database (in a private temp directory, so runs
 * never share data, and with the stack's build options, so a running stack's distribution is not re-augmented under
 * it), on a free 127.0.0.1 port, under a Java 21+ JDK ({@code -Dpulseboard.keycloak.java-home}, default Temurin 25).
 * Ready when the realm's discovery document answers.
 */
public final class KeycloakServer extends ServerProcess {
    public static final String REALM = "pulseboard";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);
    private final int port;
    private final String adminPassword;

    private KeycloakServer(Process process, Path dir, Path log, int port, String adminPassword) {
        super("keycloak", process, dir, log);
        this.port = port;
        this.adminPassword = adminPassword;
    }

    public static KeycloakServer start() {
        Path root = Repository.root();
        Path home = Path.of(System.getProperty(
                "pulseboard.keycloak.home",
                root.resolve(".pulseboard/tools/keycloak-26.7.3").toString()));
        Path realmFile = Path.of(System.getProperty(
                "pulseboard.keycloak.realm-file",
                root.resolve("deploy/keycloak/pulseboard-realm.json").toString()));
        String javaHome = System.getProperty("pulseboard.keycloak.java-home", "/usr/lib/jvm/temurin-25-jdk-amd64");
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("no Keycloak distribution at " + home + " (run ./pulseboard install)");
        }
        Path dir = Repository.tempDir("pb-keycloak-");
        Path log = Repository.logFile("keycloak");
        String adminPassword = UUID.randomUUID().toString();
        int port = FreePorts.find();
        try {
            Path importDir = Files.createDirectories(home.resolve("data/import"));
            Files.copy(realmFile, importDir.resolve(REALM + "-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process p = launch(
                List.of(
                        home.resolve("bin/kc.sh").toString(),
                        "start-dev",
                        "--http-port",
                        String.valueOf(port),
                        "--http-host",
                        "127.0.0.1",
                        "--import-realm",
                        "--db-url=jdbc:h2:file:" + dir.resolve("keycloakdb") + ";NON_KEYWORDS=VALUE"),
                dir,
                log,
                Map.of(
                        "JAVA_HOME",
                        javaHome,
                        "KC_BOOTSTRAP_ADMIN_USERNAME",
                        "admin",
                        "KC_BOOTSTRAP_ADMIN_PASSWORD",
                        adminPassword,
                        "JAVA_OPTS_KC_HEAP",
                        "-Xms64m -Xmx512m"));
        KeycloakServer server = new KeycloakServer(p, dir, log, port, adminPassword);
        server.awaitHttp200(server.realmUrl() + "/.well-known/openid-configuration", READY_TIMEOUT);
        return server;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String realmUrl() {
        return url() + "/realms/" + REALM;
    }

    /** Password of the bootstrap admin ({@code admin}) of the master realm. */
    public String adminPassword() {
        return adminPassword;
    }
}
