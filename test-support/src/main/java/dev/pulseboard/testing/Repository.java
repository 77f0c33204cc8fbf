package dev.pulseboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Paths in this repository, for tests that use the stack's own configuration files (one source for the stack and
 * the tests) and write logs next to the module under test.
 */
public final class Repository {
    private Repository() {}

    /** The repository root: the nearest directory upwards from the working directory holding {@code pulseboard}. */
    public static Path root() {
        String configured = System.getProperty("pulseboard.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pulseboard")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException(
                "not inside the Pulseboard repository: " + Path.of("").toAbsolutePath());
    }

    /** A log file for a test server under the current module's {@code target/test-servers/}. */
    public static Path logFile(String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "test-servers"));
            return Files.createTempFile(dir, name + "-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A private temporary directory (mode 700 by the JDK's default for temp dirs). */
    public static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
