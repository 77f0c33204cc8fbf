package dev.pulseboard.deploy.e2e;

import dev.pulseboard.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The whole stack as a user runs it: {@code ./pulseboard up} / {@code down} with a state directory of its own
 * under target/ and free ports, so it runs beside a developer's own stack. Records how long {@code up} took and the stack's resident memory.
 */
final class LocalStack {
    // Free loopback ports, not the defaults: the tests pass while a developer's stack runs on 19080..19432.
    static final int TENANT_PORT = FreePorts.find();
    static final int GATEWAY_PORT = FreePorts.find();
    static final int GATEWAY_MGMT_PORT = FreePorts.find();
    static final int QUERY_PORT = FreePorts.find();
    static final int STATSD_PORT = freeUdpPort();
    static final int PROMETHEUS_PORT = FreePorts.find();
    static final int MAIL_API_PORT = FreePorts.find();
    private static final Map<String, Integer> PORTS = Map.ofEntries(
            Map.entry("PB_TENANT_PORT", TENANT_PORT),
            Map.entry("PB_GATEWAY_PORT", GATEWAY_PORT),
            Map.entry("PB_GATEWAY_MGMT_PORT", GATEWAY_MGMT_PORT),
            Map.entry("PB_TENANT_MGMT_PORT", FreePorts.find()),
            Map.entry("PB_QUERY_PORT", QUERY_PORT),
            Map.entry("PB_QUERY_MGMT_PORT", FreePorts.find()),
            Map.entry("PB_STATSD_PORT", STATSD_PORT),
            Map.entry("PB_PROMETHEUS_PORT", PROMETHEUS_PORT),
            Map.entry("PB_KEYCLOAK_PORT", FreePorts.find()),
            Map.entry("PB_ALERTMANAGER_PORT", FreePorts.find()),
            Map.entry("PB_KAFKA_PORT", FreePorts.find()),
            Map.entry("PB_KAFKA_CONTROLLER_PORT", FreePorts.find()),
            Map.entry("PB_POSTGRES_PORT", FreePorts.find()),
            Map.entry("PB_FLINK_REST_PORT", FreePorts.find()),
            Map.entry("PB_FLINK_RPC_PORT", FreePorts.find()),
            Map.entry("PB_SMTP_PORT", FreePorts.find()),
            Map.entry("PB_MAIL_API_PORT", MAIL_API_PORT));

    final Path root;
    final Path home;
    Duration upTime;

    LocalStack() {
        root = Path.of(System.getProperty("pulseboard.root", ".."))
                .toAbsolutePath()
                .normalize();
        home = root.resolve("deploy/target/stack-it");
    }

    /** A secret `up` generated into the stack's state directory (for example the operator's internal token). */
    static String secret(String name) throws IOException {
        Path root = Path.of(System.getProperty("pulseboard.root", ".."))
                .toAbsolutePath()
                .normalize();
        return Files.readString(root.resolve("deploy/target/stack-it/secrets").resolve(name))
                .trim();
    }

    void up() throws Exception {
        deleteRecursively(home);
        long t0 = System.nanoTime();
        int rc = run(Duration.ofMinutes(10), "up");
        if (rc == 0) {
            upTime = Duration.ofNanos(System.nanoTime() - t0);
        } else {
            run(Duration.ofMinutes(2), "down");
            throw new IllegalStateException("./pulseboard up failed with " + rc + "; see " + home.resolve("logs")
                    + " and " + home.resolve("pulseboard-up.out"));
        }
    }

    int down() throws Exception {
        return run(Duration.ofMinutes(3), "down");
    }

    /** PIDs (= process group ids) of every component `up` recorded. */
    List<Long> recordedPids() throws IOException {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> files = Files.list(home.resolve("pids"))) {
            for (Path f : files.toList()) {
                pids.add(Long.parseLong(Files.readString(f).trim()));
            }
        }
        return pids;
    }

    /** The PID `up` recorded for {@code component} (its log and pid file name, e.g. {@code ingest-gateway}). */
    long pidOf(String component) throws IOException {
        return Long.parseLong(Files.readString(home.resolve("pids").resolve(component + ".pid"))
                .trim());
    }

    /**
     * A running process's CPU weight as a nice value: its session's (the kernel's autogroup, {@code
     * /proc/PID/autogroup}, "/autogroup-N nice K") where the kernel schedules by session, otherwise its own (field 19
     * of {@code /proc/PID/stat}).
     */
    static int niceOf(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        Path enabled = Path.of("/proc/sys/kernel/sched_autogroup_enabled");
        boolean bySession =
                Files.exists(enabled) && Files.readString(enabled).trim().equals("1");
        if (bySession) {
            String line = Files.readString(proc.resolve("autogroup")).trim();
            return Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1));
        }
        String stat = Files.readString(proc.resolve("stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
    }

    /** Sum of the resident set sizes (KiB) of every process in the recorded process groups and their children. */
    long residentKib(List<Long> pids) {
        return pids.stream()
                .flatMap(pid -> ProcessHandle.of(pid).stream())
                .flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
                .mapToLong(p -> rssKib(p.pid()))
                .sum();
    }

    /**
     * Processes still running (zombies excluded: they hold no resources and wait only for PID 1 to reap them)
     * whose process group is one of {@code groups}, i.e. anything a component started.
     */
    static List<Long> livingMembers(List<Long> groups) throws IOException {
        List<Long> alive = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                String stat;
                try {
                    stat = Files.readString(proc.resolve("stat"));
                } catch (IOException e) {
                    continue; // exited while we looked
                }
                // fields after the command (which may contain spaces): state ppid pgrp ...
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long pid = Long.parseLong(proc.getFileName().toString());
                if (!"Z".equals(f[0]) && (groups.contains(Long.parseLong(f[2])) || groups.contains(pid))) {
                    alive.add(pid);
                }
            }
        }
        return alive;
    }

    private static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /**
     * {@code ./pulseboard limits TENANT field=value ...} on the running stack, as an operator types it; the exit status.
     */
    int limits(String tenant, String... assignments) throws Exception {
        List<String> args = new ArrayList<>(List.of("limits", tenant));
        args.addAll(List.of(assignments));
        return run(Duration.ofSeconds(60), args.toArray(String[]::new));
    }

    private int run(Duration timeout, String... arguments) throws Exception {
        String command = arguments[0];
        Files.createDirectories(home);
        List<String> commandLine =
                new ArrayList<>(List.of(root.resolve("pulseboard").toString()));
        commandLine.addAll(List.of(arguments));
        ProcessBuilder pb = new ProcessBuilder(commandLine)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        home.resolve("pulseboard-" + command + ".out").toFile()));
        Map<String, String> env = pb.environment();
        env.put("PB_HOME", home.toString());
        env.put("PB_SKIP_BUILD", "1");
        PORTS.forEach((name, port) -> env.put(name, Integer.toString(port)));
        // A deleted organisation's data goes at the next purge, not after a week (anOwnerDeletes... in
        // WalkingSkeletonIT).
        env.put("PB_DELETION_GRACE", "0s");
        Process p = pb.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("./pulseboard " + command + " did not finish within " + timeout);
        }
        return p.exitValue();
    }

    private static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        }
    }
}
