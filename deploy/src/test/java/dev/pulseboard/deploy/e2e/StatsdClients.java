package dev.pulseboard.deploy.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real StatsD client libraries (npm), run as a user would run them; installed into deploy/statsd-clients on first use. */
final class StatsdClients {
    private StatsdClients() {}

    /**
     * Sends one gauge with hot-shots (DogStatsD client), prefix = {@code key} (handed over in a private file in
     * {@code tempDir}, deleted afterwards, never on a command line), then each of {@code changes} with hot-shots'
     * {@code gaugeDelta}, in order.
     */
    static int hotShots(
            Path dir, Path tempDir, String key, int port, String metric, double value, String tag, double... changes)
            throws Exception {
        Path keyFile = Files.createTempFile(tempDir, "key-", ".txt");
        try {
            Files.writeString(keyFile, key);
            return hotShots(dir, keyFile, port, metric, value, tag, changes);
        } finally {
            Files.delete(keyFile);
        }
    }

    private static int hotShots(
            Path dir, Path keyFile, int port, String metric, double value, String tag, double[] changes)
            throws Exception {
        if (!Files.isDirectory(dir.resolve("node_modules/hot-shots"))) {
            int rc = run(dir, List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
            if (rc != 0) {
                return rc;
            }
        }
        return run(
                dir,
                List.of(
                        "node",
                        "send.mjs",
                        keyFile.toString(),
                        Integer.toString(port),
                        metric,
                        Double.toString(value),
                        tag,
                        java.util.Arrays.stream(changes)
                                .mapToObj(Double::toString)
                                .collect(java.util.stream.Collectors.joining(","))),
                30);
    }

    /**
     * Output goes to target/statsd-clients.log, never to this JVM's stdout: that is Surefire's channel to its fork,
     * and a child writing there corrupts it.
     */
    private static int run(Path dir, List<String> command, long timeoutSeconds) throws Exception {
        Path log = dir.resolveSibling("target").resolve("statsd-clients.log");
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " did not finish within " + timeoutSeconds + " s");
        }
        return p.exitValue();
    }
}
