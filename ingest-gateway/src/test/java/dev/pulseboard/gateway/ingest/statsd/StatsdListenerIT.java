package dev.pulseboard.gateway.ingest.statsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.SeriesWindow;
import dev.pulseboard.gateway.testing.KafkaTestCluster;
import dev.pulseboard.gateway.testing.MetricsRawRecords;
import dev.pulseboard.gateway.testing.MetricsRawRecords.Received;
import dev.pulseboard.gateway.testing.MetricsRawRecords.ReceivedWindow;
import dev.pulseboard.gateway.testing.PrometheusScrape;
import dev.pulseboard.testing.keys.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.DoubleSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** StatsD over real UDP into a real in-process Kafka; the key travels as the first segment of the metric name. */
@QuarkusTest
@WithTestResource(KafkaTestCluster.class)
class StatsdListenerIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    StatsdListener listener;

    @ConfigProperty(name = "pulseboard.gateway.kafka.bootstrap-servers")
    String bootstrap;

    @Test
    void keyedLineLandsOnMetricsRawUnderTheKeysTenantWithoutTheKey() throws Exception {
        String run = UUID.randomUUID().toString();
        send(TestKeys.ACME + ".cpu_usage_percent:42|g|#instance:i-1,run:" + run + "\n" + TestKeys.GLOBEX
                + ".orders-per.minute:7|c|@0.5|#run:" + run);

        List<Received> got =
                MetricsRawRecords.await(bootstrap, r -> MetricsRawRecords.hasLabel(r.sample(), "run", run), 2, WAIT);
        assertThat(got).hasSize(2);
        Received acme = got.stream()
                .filter(r -> r.batch().getTenant().equals("acme"))
                .findFirst()
                .orElseThrow();
        assertThat(acme.key()).startsWith("acme/");
        assertThat(acme.batch().getSource()).isEqualTo("statsd-udp");
        assertThat(acme.sample().getName()).isEqualTo("cpu_usage_percent");
        assertThat(acme.sample().getType()).isEqualTo(MetricType.GAUGE);
        assertThat(acme.sample().getValue()).isEqualTo(42);
        assertThat(acme.sample().getLabelsList()).extracting(Label::getName).containsExactly("instance", "run");
        Received globex = got.stream()
                .filter(r -> r.batch().getTenant().equals("globex"))
                .findFirst()
                .orElseThrow();
        assertThat(globex.sample().getName()).isEqualTo("orders_per_minute");
        assertThat(globex.sample().getSampleRate()).isEqualTo(0.5);
        assertThat(got).allSatisfy(r -> assertThat(r.sample().toString()).doesNotContain("pbk_"));
    }

    @Test
    void garbageAndUnauthenticatedPacketsAreCountedAndTheListenerKeepsServing() throws Exception {
        double missing = PrometheusScrape.discarded("unknown", "err-pb-missing-credentials");
        double invalid = PrometheusScrape.discarded("unknown", "err-pb-invalid-credentials");
        double malformed = PrometheusScrape.discarded("acme", "err-pb-statsd-line-malformed");
        byte[] noise = new byte[512];
        new Random(7).nextBytes(noise);
        noise[0] = 'z'; // one non-blank line without newlines: exactly one "line" without a key
        for (int i = 1; i < noise.length; i++) {
            noise[i] = noise[i] == '\n' ? (byte) 'x' : noise[i];
        }
        send(noise);
        send("cpu:1|g\nmem:2|g");
        send(TestKeys.UNKNOWN + ".cpu:1|g");
        send(TestKeys.ACME + ".broken\n\n");

        String run = UUID.randomUUID().toString();
        send(TestKeys.ACME + ".after_garbage:1|c|#run:" + run);
        assertThat(MetricsRawRecords.await(bootstrap, r -> MetricsRawRecords.hasLabel(r.sample(), "run", run), 1, WAIT))
                .hasSize(1);

        assertThat(PrometheusScrape.discarded("unknown", "err-pb-missing-credentials"))
                .isEqualTo(missing + 3);
        // an unknown key is refused only after the key directory polled again (a key issued a moment ago would pass)
        awaitAtLeast(() -> PrometheusScrape.discarded("unknown", "err-pb-invalid-credentials"), invalid + 1);
        assertThat(PrometheusScrape.discarded("unknown", "err-pb-invalid-credentials"))
                .isEqualTo(invalid + 1);
        assertThat(PrometheusScrape.discarded("acme", "err-pb-statsd-line-malformed"))
                .isEqualTo(malformed + 1);
    }

    @Test
    void aSignedGaugeValueTravelsAsAChangeForThePipelineToApply() throws Exception {
        String run = UUID.randomUUID().toString();
        send(TestKeys.ACME + ".queue_depth:+5|g|#run:" + run + ",s:change\n" + TestKeys.ACME + ".queue_depth:7|g|#run:"
                + run + ",s:value");
        List<Received> got =
                MetricsRawRecords.await(bootstrap, r -> MetricsRawRecords.hasLabel(r.sample(), "run", run), 2, WAIT);
        assertThat(got)
                .extracting(r -> r.sample().getValue() + (r.sample().getGaugeDelta() ? " change" : " value"))
                .containsExactlyInAnyOrder("5.0 change", "7.0 value");
    }

    @Test
    void onesSendersPacketsOfOneSecondTravelFoldedIntoOneWindowPerSeries() throws Exception {
        String run = UUID.randomUUID().toString();
        // early in a second, so that the 20 packets (a few milliseconds) share it: the gateway stamps receive times
        await().atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> System.currentTimeMillis() % 1000, ms -> ms >= 50 && ms < 300);
        try (DatagramSocket socket = new DatagramSocket()) { // a series goes to one worker: one buffer
            for (int i = 1; i <= 20; i++) {
                byte[] packet = (TestKeys.ACME + ".requests:" + i + "|c|#run:" + run + "\n" + TestKeys.ACME + ".temp_"
                                + i + ":" + i + "|g|#run:" + run)
                        .getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(
                        packet, packet.length, InetAddress.getLoopbackAddress(), listener.localPort()));
            }
        }
        List<ReceivedWindow> windows = MetricsRawRecords.awaitWindows(
                bootstrap,
                w -> w.window().getLabelsList().stream()
                        .anyMatch(l -> l.getValue().equals(run)),
                1,
                WAIT);
        assertThat(windows).as("one window of the 20 packets' counter").hasSize(1);
        SeriesWindow requests = named(windows, "requests");
        assertThat(requests.getSamples()).isEqualTo(20);
        assertThat(requests.getSum()).as("1 + 2 + ... + 20").isEqualTo(210);
        List<Received> singles =
                MetricsRawRecords.await(bootstrap, r -> MetricsRawRecords.hasLabel(r.sample(), "run", run), 20, WAIT);
        assertThat(singles)
                .as("the gauges, one sample each, travel as they are")
                .extracting(r -> r.sample().getName())
                .hasSize(20)
                .allSatisfy(n -> assertThat(n).startsWith("temp_"));
        assertThat(windows.get(0).appendedAtMs() - windows.get(0).batch().getReceivedAtMs())
                .as("written once its second ended, not later")
                .isLessThan(1500);
    }

    @Test
    void aPacketsSamplesOfOneSeriesTravelFoldedIntoOneWindow() throws Exception {
        String run = UUID.randomUUID().toString();
        String tag = "|#run:" + run;
        // one packet, one second (the gateway stamps its receive time): folded per series
        send(String.join(
                "\n",
                TestKeys.ACME + ".hits:1|c" + tag,
                TestKeys.ACME + ".hits:2|c|@0.5" + tag,
                TestKeys.ACME + ".depth:+5|g" + tag,
                TestKeys.ACME + ".depth:-2|g" + tag));
        List<ReceivedWindow> got = MetricsRawRecords.awaitWindows(
                bootstrap,
                w -> w.window().getLabelsList().stream()
                        .anyMatch(l -> l.getValue().equals(run)),
                2,
                WAIT);
        assertThat(got).hasSize(2);
        SeriesWindow hits = named(got, "hits");
        assertThat(hits.getSamples()).isEqualTo(2);
        assertThat(hits.getSum()).as("1 + 2 sampled at 0.5").isEqualTo(5);
        SeriesWindow depth = named(got, "depth");
        assertThat(depth.getSamples()).isEqualTo(2);
        assertThat(depth.getGaugeDelta()).as("two changes, no value").isEqualTo(3);
        assertThat(depth.getGaugeDeltas()).isEqualTo(2);
        assertThat(got.get(0).batch().getTenant()).isEqualTo("acme");
    }

    @Test
    void aSecondKeyInTheNameIsRefusedAndNeverWritten() throws Exception {
        // A client configured with the key twice (or an attacker probing): the second key would land in the stored
        // metric name, Kafka and the store's WAL.
        double keyInSample = PrometheusScrape.discarded("acme", "err-pb-key-in-sample");
        String run = UUID.randomUUID().toString();
        send(TestKeys.ACME + "." + TestKeys.GLOBEX + ".x:1|c|#run:" + run + "\n" + TestKeys.ACME + ".ok:1|c|#run:" + run
                + "\n" + TestKeys.ACME + ".y:1|c|#note:" + TestKeys.GLOBEX + ",run:" + run);
        List<Received> got =
                MetricsRawRecords.await(bootstrap, r -> MetricsRawRecords.hasLabel(r.sample(), "run", run), 1, WAIT);
        assertThat(got).extracting(r -> r.sample().getName()).containsExactly("ok");
        awaitAtLeast(() -> PrometheusScrape.discarded("acme", "err-pb-key-in-sample"), keyInSample + 2);
        assertThat(PrometheusScrape.discarded("acme", "err-pb-key-in-sample")).isEqualTo(keyInSample + 2);
    }

    @Test
    void linesOverTcpLandLikeUdpOnesEvenWhenSplitAcrossWrites() throws Exception {
        double before = PrometheusScrape.received("globex", "statsd-tcp");
        String run = UUID.randomUUID().toString();
        String lines = TestKeys.GLOBEX + ".tcp_requests:3|c|#run:" + run + "\n" + TestKeys.GLOBEX
                + ".tcp_temp:21.5|g|#run:" + run + "\n" + TestKeys.GLOBEX + ".tcp_last:1|c|#run:" + run;
        byte[] bytes = lines.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), listener.tcpPort())) {
            OutputStream out = socket.getOutputStream();
            int cut = 17; // inside the first line
            out.write(bytes, 0, cut);
            out.flush();
            out.write(bytes, cut, bytes.length - cut);
            out.flush();
        } // the last line has no newline: it counts when the connection ends
        List<Received> got =
                MetricsRawRecords.await(bootstrap, r -> MetricsRawRecords.hasLabel(r.sample(), "run", run), 3, WAIT);
        assertThat(got)
                .extracting(r -> r.sample().getName())
                .containsExactlyInAnyOrder("tcp_requests", "tcp_temp", "tcp_last");
        assertThat(got).allSatisfy(r -> assertThat(r.batch().getSource()).isEqualTo("statsd-tcp"));
        awaitAtLeast(() -> PrometheusScrape.received("globex", "statsd-tcp"), before + 3);
    }

    @Test
    void dogstatsdEventsAndServiceChecksAreCountedNotStored() throws Exception {
        double events = PrometheusScrape.discarded("unknown", "err-pb-statsd-event-unsupported");
        double checks = PrometheusScrape.discarded("acme", "err-pb-statsd-service-check-unsupported");
        send("_e{5,4}:title|text|#env:prod\n_e{2,2}:ab|cd");
        send(TestKeys.ACME + "._sc|db.up|0|#env:prod");
        awaitAtLeast(() -> PrometheusScrape.discarded("unknown", "err-pb-statsd-event-unsupported"), events + 2);
        awaitAtLeast(() -> PrometheusScrape.discarded("acme", "err-pb-statsd-service-check-unsupported"), checks + 1);
        assertThat(PrometheusScrape.discarded("unknown", "err-pb-statsd-event-unsupported"))
                .isEqualTo(events + 2);
    }

    @Test
    void receivedSamplesAreCountedPerTenantAndProtocol() throws Exception {
        double before = PrometheusScrape.received("globex", "statsd-udp");
        send(TestKeys.GLOBEX + ".user_sessions_active:12|g\n" + TestKeys.GLOBEX + ".latency:1:2:3|d");
        awaitAtLeast(() -> PrometheusScrape.received("globex", "statsd-udp"), before + 4);
        assertThat(PrometheusScrape.received("globex", "statsd-udp")).isEqualTo(before + 4);
    }

    private static SeriesWindow named(List<ReceivedWindow> got, String name) {
        return got.stream()
                .map(ReceivedWindow::window)
                .filter(w -> w.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no window of " + name + " in " + got));
    }

    private void send(String packet) throws Exception {
        send(packet.getBytes(StandardCharsets.UTF_8));
    }

    private void send(byte[] packet) throws Exception {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.send(
                    new DatagramPacket(packet, packet.length, InetAddress.getLoopbackAddress(), listener.localPort()));
        }
    }

    /** UDP has no reply: wait (bounded) until the counter reaches {@code expected}. */
    private static void awaitAtLeast(DoubleSupplier value, double expected) {
        await().atMost(WAIT).until(value::getAsDouble, v -> v >= expected);
    }
}
