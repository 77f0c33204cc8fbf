package dev.pulseboard.tenant.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL 15 for one test run: {@code initdb -A trust -U postgres} in a temp dir, {@code pg_ctl start}
 * on a free 127.0.0.1 port with the socket in the same dir, database {@code pulseboard}; {@code pg_ctl stop} and
 * delete at the end. As root, initdb and pg_ctl run as the postgres OS user ({@code runuser}) in a dir it owns.
 * Override the binaries with -Dpulseboard.pg.bin (default /usr/lib/postgresql/15/bin).
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {
    private Path dir;
    private Path bin;

    @Override
    public Map<String, String> start() {
        try {
            bin = Path.of(System.getProperty("pulseboard.pg.bin", "/usr/lib/postgresql/15/bin"));
            dir = Files.createTempDirectory("pb-postgres-");
            handToPostgresUser(dir);
            Path data = dir.resolve("data");
            int port = FreePorts.find();
            Processes.run(
                    Processes.asPostgresUser(List.of(
                            bin.resolve("initdb").toString(),
                            "-A",
                            "trust",
                            "-U",
                            "postgres",
                            "-E",
                            "UTF8",
                            "--no-sync",
                            "-D",
                            data.toString())),
                    dir,
                    120);
            Processes.run(
                    Processes.asPostgresUser(List.of(
                            bin.resolve("pg_ctl").toString(),
                            "-D",
                            data.toString(),
                            "-l",
                            dir.resolve("postgres.log").toString(),
                            "-w",
                            "-t",
                            "60",
                            "-o",
                            "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
                            "start")),
                    dir,
                    90);
            String url = "jdbc:postgresql://127.0.0.1:" + port + "/";
            try (Connection c = DriverManager.getConnection(url + "postgres", "postgres", "");
                    Statement s = c.createStatement()) {
                s.execute("create database pulseboard");
            }
            return Map.of(
                    "quarkus.datasource.jdbc.url",
                    url + "pulseboard",
                    "quarkus.datasource.username",
                    "postgres",
                    "quarkus.datasource.password",
                    "");
        } catch (IOException | SQLException e) {
            stop();
            throw new IllegalStateException("throwaway PostgreSQL did not start", e);
        }
    }

    @Override
    public void stop() {
        if (dir == null) {
            return;
        }
        Path data = dir.resolve("data");
        if (Files.exists(data.resolve("postmaster.pid"))) {
            Processes.run(
                    Processes.asPostgresUser(List.of(
                            bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop")),
                    dir,
                    60);
        }
        deleteTree(dir);
        dir = null;
    }

    private static void handToPostgresUser(Path dir) throws IOException {
        if ("root".equals(System.getProperty("user.name"))) {
            UserPrincipal postgres =
                    dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover temp dir is harmless
        }
    }
}
