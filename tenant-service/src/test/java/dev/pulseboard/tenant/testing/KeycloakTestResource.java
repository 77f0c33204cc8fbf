package dev.pulseboard.tenant.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * A real Keycloak 26.7.3 for one test run, from the distribution the build unzips into .pulseboard/tools
 * (-Dpulseboard.keycloak.home): the realm file (-Dpulseboard.keycloak.realm-file) is copied to data/import,
 * then {@code kc.sh start-dev --import-realm --db dev-mem} runs on a free 127.0.0.1 port under Temurin 25
 * (-Dpulseboard.keycloak.java-home). In-memory H2 keeps runs independent of each other and of the local stack's
 * database. Ready when the realm's discovery document answers; stopped by PID (kc.sh execs java; descendants
 * are stopped too). Output goes to target/keycloak-test.log.
 */
public class KeycloakTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String REALM = "pulseboard";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);

    private Process process;

    @Override
    public Map<String, String> start() {
        Path home = Path.of(System.getProperty("pulseboard.keycloak.home", "../.pulseboard/tools/keycloak-26.7.3"));
        Path realmFile = Path.of(
                System.getProperty("pulseboard.keycloak.realm-file", "../deploy/keycloak/pulseboard-realm.json"));
        String javaHome = System.getProperty("pulseboard.keycloak.java-home", "/usr/lib/jvm/temurin-25-jdk-amd64");
        String adminPassword = UUID.randomUUID().toString();
        int port = FreePorts.find();
        try {
            Path importDir = Files.createDirectories(home.resolve("data/import"));
            Files.copy(realmFile, importDir.resolve(REALM + "-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            ProcessBuilder builder = new ProcessBuilder(
                            home.resolve("bin/kc.sh").toString(),
                            "start-dev",
                            "--http-port",
                            String.valueOf(port),
                            "--http-host",
                            "127.0.0.1",
                            "--import-realm",
                            "--db",
                            "dev-mem")
                    .redirectErrorStream(true)
                    .redirectOutput(Files.createDirectories(Path.of("target"))
                            .resolve("keycloak-test.log")
                            .toFile());
            builder.environment().put("JAVA_HOME", javaHome);
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
            process = builder.start();
            String baseUrl = "http://127.0.0.1:" + port;
            KeycloakAdminCalls admin = new KeycloakAdminCalls(baseUrl);
            admin.awaitRealm(REALM, process, READY_TIMEOUT);
            admin.createPasswordGrantClient(adminPassword, REALM, TestUsers.CLIENT_ID, TestUsers.CLIENT_SECRET);
            return Map.of(
                    "pulseboard.tenant.keycloak.url",
                    baseUrl,
                    "quarkus.oidc.auth-server-url",
                    baseUrl + "/realms/" + REALM,
                    "keycloak.url",
                    baseUrl,
                    "pulseboard.test.keycloak.admin-password",
                    adminPassword);
        } catch (IOException | RuntimeException e) {
            stop();
            throw new IllegalStateException("Keycloak did not start; see tenant-service/target/keycloak-test.log", e);
        }
    }

    @Override
    public void stop() {
        if (process != null) {
            Processes.stopTree(process.toHandle(), 20);
            process = null;
        }
    }
}
