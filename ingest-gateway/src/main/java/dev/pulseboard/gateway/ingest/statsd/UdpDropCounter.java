package dev.pulseboard.gateway.ingest.statsd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.jboss.logging.Logger;

/**
 * Counts the datagrams the kernel dropped for a UDP port because its receive buffer was full: Linux keeps the count
 * per socket in the last column ("drops") of {@code /proc/net/udp} and {@code /proc/net/udp6}. Polled on a daemon
 * thread; every increase is reported to the consumer. The baseline is the count when polling starts, so drops of an
 * earlier socket on the same port are not reported. On a system without these files nothing is reported (logged
 * once).
 */
final class UdpDropCounter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(UdpDropCounter.class);
    static final List<Path> PROC_FILES = List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));

    private final int port;
    private final LongConsumer onDrops;
    private final ScheduledExecutorService timer;
    private long reported;

    private UdpDropCounter(int port, LongConsumer onDrops) {
        this.port = port;
        this.onDrops = onDrops;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "statsd-kernel-drops");
            t.setDaemon(true);
            return t;
        });
    }

    static UdpDropCounter start(int port, Duration interval, LongConsumer onDrops) {
        UdpDropCounter c = new UdpDropCounter(port, onDrops);
        if (!PROC_FILES.stream().allMatch(Files::isReadable)) {
            LOG.warn("/proc/net/udp not readable: UDP drops by the kernel cannot be counted on this system");
            return c;
        }
        c.reported = c.read();
        var unused = c.timer.scheduleWithFixedDelay(
                c::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return c;
    }

    /** Reports what was dropped since the last poll; also called on close so no drop goes unreported. */
    synchronized void poll() {
        long now = read();
        if (now > reported) {
            onDrops.accept(now - reported);
            reported = now;
        }
    }

    private long read() {
        long drops = 0;
        for (Path file : PROC_FILES) {
            try {
                drops += dropsOfPort(Files.readAllLines(file), port);
            } catch (IOException e) {
                // a file that vanished (no IPv6) counts nothing
            }
        }
        return drops;
    }

    /**
     * Sums the drops column of the lines whose local address has this port. Format (proc(5)): {@code sl local_address
     * rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ref pointer drops}, the local address
     * as {@code HEXIP:HEXPORT}.
     */
    static long dropsOfPort(List<String> procLines, int port) {
        String portHex = ":" + String.format(Locale.ROOT, "%04X", port);
        long drops = 0;
        for (String line : procLines) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 13 || !f[1].endsWith(portHex)) {
                continue;
            }
            try {
                drops += Long.parseLong(f[f.length - 1]);
            } catch (NumberFormatException e) {
                // header line or an unexpected format: not a socket of ours
            }
        }
        return drops;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (PROC_FILES.stream().allMatch(Files::isReadable)) {
            poll();
        }
    }
}
