package dev.pulseboard.testing.postgres;

import dev.pulseboard.testing.FreePorts;
import dev.pulseboard.testing.Processes;
import dev.pulseboard.testing.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A throwaway PostgreSQL 15 (Debian {@code postgresql}) for one test run, set up as the stack sets up its own:
 * {@code initdb} with password authentication (scram-sha-256, a random password for user {@code postgres}),
 * {@code pg_ctl start} on a free 127.0.0.1 port with the socket in a private directory, then {@code pg_ctl stop}
 * and delete on close. As root, initdb and pg_ctl run as the postgres OS user in a directory it owns.
 *
 * <p>Binaries: {@code -Dpulseboard.pg.bin} (default {@code /usr/lib/postgresql/15/bin}).
 */
public final class PostgresServer implements AutoCloseable {
    public static final String USER = "postgres";
    private final Path dir;
    private final Path bin;
    private final int port;
    private final String password;

    private PostgresServer(Path dir, Path bin, int port, String password) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.password = password;
    }

    /** Starts the server and creates {@code databases}. */
    public static PostgresServer start(String... databases) {
        Path bin = Path.of(System.getProperty("pulseboard.pg.bin", "/usr/lib/postgresql/15/bin"));
        Path dir = Repository.tempDir("pb-postgres-");
        String password = HexFormat.of().formatHex(randomBytes());
        PostgresServer server = new PostgresServer(dir, bin, FreePorts.find(), password);
        try {
            server.init();
            for (String db : databases) {
                server.psql("create database " + db);
            }
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw new IllegalStateException(
                    "throwaway PostgreSQL did not start; see " + dir.resolve("postgres.log"), e);
        }
    }

    private void init() throws IOException {
        Path pwfile = dir.resolve("pwfile");
        Files.writeString(pwfile, password + "\n");
        Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
        if (Processes.isRoot()) {
            UserPrincipal postgres =
                    dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
            Files.setOwner(pwfile, postgres);
        }
        Path data = dir.resolve("data");
        Processes.run(
                Processes.asPostgresUser(List.of(
                        bin.resolve("initdb").toString(),
                        "--auth=scram-sha-256",
                        "--pwfile=" + pwfile,
                        "-U",
                        USER,
                        "-E",
                        "UTF8",
                        "--no-sync",
                        "-D",
                        data.toString())),
                dir,
                120);
        Files.delete(pwfile);
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
    }

    /** Runs one SQL statement as {@code postgres} through psql over TCP with the password. */
    public String psql(String sql) {
        List<String> cmd = List.of(
                "env",
                "PGPASSWORD=" + password,
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-U",
                USER,
                "-d",
                "postgres",
                "-tAc",
                sql);
        return Processes.run(cmd, dir, 30);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    public String password() {
        return password;
    }

    @Override
    public void close() {
        Path data = dir.resolve("data");
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                Processes.run(
                        Processes.asPostgresUser(List.of(
                                bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop")),
                        dir,
                        60);
            } catch (RuntimeException e) {
                throw new UncheckedIOException(new IOException("PostgreSQL did not stop: " + e.getMessage(), e));
            }
        }
        Processes.deleteTree(dir);
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }
}
