package dev.pulseboard.gateway.ingest.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UdpDropCounterTest {
    // /proc/net/udp as Linux writes it (proc(5)); 19125 = 0x4AB5.
    private static final List<String> PROC = List.of(
            "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer"
                    + " drops",
            "  277: 0100007F:4AB5 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 4212321 2"
                    + " 0000000000000000 1234",
            "  300: 0100007F:4AB6 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 4212322 2"
                    + " 0000000000000000 99",
            "  301: 00000000:4AB5 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 4212323 2"
                    + " 0000000000000000 6");

    @Test
    void sumsTheDropsColumnOfEverySocketOnThePortOnly() {
        assertThat(UdpDropCounter.dropsOfPort(PROC, 19125)).isEqualTo(1240);
        assertThat(UdpDropCounter.dropsOfPort(PROC, 19126)).isEqualTo(99);
        assertThat(UdpDropCounter.dropsOfPort(PROC, 1)).isZero();
    }

    @Test
    void ignoresHeadersAndLinesOfAnotherShape() {
        assertThat(UdpDropCounter.dropsOfPort(List.of("garbage", "", "a b:4AB5 c"), 19125))
                .isZero();
    }
}
