package dev.pulseboard.pipeline.testing;

import dev.pulseboard.testing.Processes;
import dev.pulseboard.testing.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The pipeline as the stack runs it: {@code java -cp <job jar>:<deploy/flink-cluster classpath> PulseboardJob ...} in
 * its own JVM (an embedded MiniCluster), which a test can kill -9 like a crashed host.
 */
public final class JobProcess implements AutoCloseable {
    private final Process process;

    private JobProcess(Process process) {
        this.process = process;
    }

    /** Starts the job with {@code flags}; its output goes to {@code log}. */
    public static JobProcess start(Path log, String... flags) {
        Path root = Repository.root();
        try (Stream<Path> jars = Files.list(root.resolve("flink-pipeline/target"))) {
            Path jobJar = jars.filter(p -> p.getFileName().toString().endsWith("-job.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no job jar: run ./mvnw -pl flink-pipeline package"));
            String classpath = jobJar + ":"
                    + Files.readString(root.resolve("deploy/flink-cluster/target/classpath.txt"))
                            .trim();
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx768m",
                    "-Dlog4j2.configurationFile=" + root.resolve("flink-pipeline/src/main/resources/log4j2.properties"),
                    "-cp",
                    classpath,
                    "dev.pulseboard.pipeline.PulseboardJob"));
            cmd.addAll(List.of(flags));
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            return new JobProcess(p);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the job process", e);
        }
    }

    /** SIGKILL: no shutdown hook, no flush, no checkpoint; what a crashed machine does. */
    public void killHard() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        Processes.stopTree(process.toHandle(), 10);
    }
}
