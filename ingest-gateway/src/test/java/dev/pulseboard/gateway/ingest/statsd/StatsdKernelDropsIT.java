package dev.pulseboard.gateway.ingest.statsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulseboard.gateway.testing.KafkaTestCluster;
import dev.pulseboard.gateway.testing.PrometheusScrape;
import dev.pulseboard.testing.keys.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A burst far beyond a tiny socket buffer: the kernel drops datagrams before the gateway reads them. Every packet sent
 * must be accounted for: received, dropped from a full worker queue, or dropped by the kernel (read from
 * /proc/net/udp). Before, kernel drops were invisible (100k lines/s: 25% lost, every counter at 0).
 */
@QuarkusTest
@TestProfile(StatsdKernelDropsIT.TinySocketBuffer.class)
@WithTestResource(KafkaTestCluster.class)
class StatsdKernelDropsIT {
    private static final int PACKETS = 50_000;

    @Inject
    StatsdListener listener;

    @Test
    void everyPacketOfABurstIsReceivedOrCountedAsDropped() throws Exception {
        double received = PrometheusScrape.received("acme", "statsd-udp");
        double overloaded = PrometheusScrape.discarded("unknown", "err-pb-statsd-overloaded");
        double kernel = PrometheusScrape.discarded("unknown", "err-pb-statsd-kernel-dropped");
        byte[] line = (TestKeys.ACME + ".burst:1|c").getBytes(StandardCharsets.UTF_8);
        try (DatagramSocket socket = new DatagramSocket()) {
            DatagramPacket packet =
                    new DatagramPacket(line, line.length, InetAddress.getLoopbackAddress(), listener.localPort());
            for (int i = 0; i < PACKETS; i++) {
                socket.send(packet);
            }
        }
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> accounted(received, overloaded, kernel) >= PACKETS);
        double kernelDropped = PrometheusScrape.discarded("unknown", "err-pb-statsd-kernel-dropped") - kernel;
        System.out.printf(
                "burst of %d packets: %.0f received, %.0f dropped by a full queue, %.0f dropped by the kernel%n",
                PACKETS,
                PrometheusScrape.received("acme", "statsd-udp") - received,
                PrometheusScrape.discarded("unknown", "err-pb-statsd-overloaded") - overloaded,
                kernelDropped);
        assertThat(kernelDropped).as("the burst overflowed the socket buffer").isPositive();
        assertThat(accounted(received, overloaded, kernel)).isEqualTo(PACKETS);
    }

    private static double accounted(double received, double overloaded, double kernel) {
        return PrometheusScrape.received("acme", "statsd-udp")
                - received
                + PrometheusScrape.discarded("unknown", "err-pb-statsd-overloaded")
                - overloaded
                + PrometheusScrape.discarded("unknown", "err-pb-statsd-kernel-dropped")
                - kernel;
    }

    /** The smallest socket buffer the kernel grants, and frequent polling of its drop counter. */
    public static class TinySocketBuffer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "pulseboard.gateway.statsd.receive-buffer", "4K",
                    "pulseboard.gateway.statsd.kernel-drop-poll-interval", "100ms");
        }
    }
}
