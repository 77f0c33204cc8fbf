package dev.pulseboard.testing.flink;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulseboard.testing.FreePorts;
import dev.pulseboard.testing.Repository;
import dev.pulseboard.testing.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A standalone Flink session cluster as separate processes: a JobManager ({@code StandaloneSessionClusterEntrypoint})
 * and a TaskManager ({@code TaskManagerRunner}) with two slots, each its own JVM, on loopback. The classpath is
 * {@code deploy/flink-cluster}'s Maven-built one (what a distribution's lib/ holds; flink-dist is not served here) and
 * the configuration the stack's own {@code deploy/flink/config.yaml.template}, so a job submitted here brings its
 * dependencies in its job jar exactly as on a real cluster. Ready when the REST API reports the TaskManager's slots.
 */
public final class StandaloneFlinkCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Node jobManager;
    private final Node taskManager;
    private final int restPort;

    private StandaloneFlinkCluster(Node jobManager, Node taskManager, int restPort) {
        this.jobManager = jobManager;
        this.taskManager = taskManager;
        this.restPort = restPort;
    }

    /** One process of the cluster. */
    private static final class Node extends ServerProcess {
        private final Process process;

        private Node(String name, Process process, Path dir, Path log) {
            super(name, process, dir, log);
            this.process = process;
        }

        static Node start(String name, List<String> command, Path dir, Path log) {
            return new Node(name, launch(command, dir, log, Map.of()), dir, log);
        }

        boolean isAlive() {
            return process.isAlive();
        }
    }

    public static StandaloneFlinkCluster start() {
        Path classpathFile = Repository.root().resolve("deploy/flink-cluster/target/classpath.txt");
        if (!Files.isRegularFile(classpathFile)) {
            throw new IllegalStateException(classpathFile + " is missing: build deploy/flink-cluster first"
                    + " (./mvnw -pl deploy/flink-cluster package)");
        }
        int restPort = FreePorts.find();
        Map<String, String> ports = Map.of(
                "@FLINK_RPC_PORT@",
                Integer.toString(FreePorts.find()),
                "@FLINK_REST_PORT@",
                Integer.toString(restPort));
        try {
            String classpath = Files.readString(classpathFile).trim();
            Node jm = launch(
                    "flink-jobmanager",
                    ports,
                    classpath,
                    List.of("-Xms512m", "-Xmx512m"),
                    "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint");
            Node tm;
            try {
                // heap, direct memory and metaspace as deploy/flink/config.yaml.template's memory settings require
                tm = launch(
                        "flink-taskmanager",
                        ports,
                        classpath,
                        List.of("-Xms640m", "-Xmx640m", "-XX:MaxDirectMemorySize=192m", "-XX:MaxMetaspaceSize=256m"),
                        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
            } catch (RuntimeException e) {
                jm.close();
                throw e;
            }
            StandaloneFlinkCluster cluster = new StandaloneFlinkCluster(jm, tm, restPort);
            cluster.awaitSlots(Duration.ofMinutes(2));
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Node launch(
            String name, Map<String, String> ports, String classpath, List<String> jvmFlags, String mainClass)
            throws IOException {
        Path dir = Repository.tempDir("pb-" + name + "-");
        Path log = Repository.logFile(name);
        String config = Files.readString(Repository.root().resolve("deploy/flink/config.yaml.template"));
        for (Map.Entry<String, String> p : ports.entrySet()) {
            config = config.replace(p.getKey(), p.getValue());
        }
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/config.yaml"), config);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-Dlog4j2.configurationFile=" + Repository.root().resolve("deploy/flink/log4j2.properties"));
        command.addAll(List.of(
                "-cp", classpath, mainClass, "--configDir", dir.resolve("conf").toString()));
        return Node.start(name, command, dir, log);
    }

    private void awaitSlots(Duration timeout) {
        try {
            await("a TaskManager with 2 slots registered at " + restUrl())
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        if (!jobManager.isAlive() || !taskManager.isAlive()) {
                            throw new IllegalStateException("a Flink process exited; see " + jobManager.logFile()
                                    + " and " + taskManager.logFile());
                        }
                        JsonNode overview = get("/overview");
                        return overview != null && overview.path("slots-total").asInt() >= 2;
                    });
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** A GET of the cluster's REST API as JSON, or null when it does not answer 200 (yet). */
    public JsonNode get(String path) {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(restUrl() + path))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** {@code host:port} of the REST endpoint, as the job's {@code --cluster} flag takes it. */
    public String address() {
        return "127.0.0.1:" + restPort;
    }

    public String restUrl() {
        return "http://" + address();
    }

    public Path taskManagerLog() {
        return taskManager.logFile();
    }

    public Path jobManagerLog() {
        return jobManager.logFile();
    }

    @Override
    public void close() {
        taskManager.close();
        jobManager.close();
    }
}
