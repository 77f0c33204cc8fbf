package dev.pulseboard.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A server binary started for a test run: its process (stopped with its descendants, by PID), a private work
 * directory (deleted on close) and a log file there. Ready when {@code readyUrl} answers 200.
 */
public class ServerProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path dir;
    private final Path log;

    protected ServerProcess(String name, Process process, Path dir, Path log) {
        this.name = name;
        this.process = process;
        this.dir = dir;
        this.log = log;
    }

    /** Starts {@code command} in {@code dir} with its output in {@code log}, extra {@code env} added. */
    protected static Process launch(List<String> command, Path dir, Path log, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(env);
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command.get(0), e);
        }
    }

    /** Waits until {@code url} answers 200; fails early, naming the log, when the process exits. */
    protected void awaitHttp200(String url, Duration timeout) {
        try {
            await(name + " ready at " + url)
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(
                                    name + " exited with " + process.exitValue() + "; see " + log);
                        }
                        return Http.status(url) == 200;
                    });
        } catch (ConditionTimeoutException | IllegalStateException e) {
            close();
            throw new IllegalStateException(name + " did not start; see " + log, e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path logFile() {
        return log;
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    @Override
    public void close() {
        Processes.stopTree(process.toHandle(), 20);
        Processes.deleteTree(dir);
    }
}
