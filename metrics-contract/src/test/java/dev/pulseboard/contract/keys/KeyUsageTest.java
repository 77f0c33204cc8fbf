package dev.pulseboard.contract.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.wire.v1.KeyUsed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyUsageTest {
    private static final KeyLookup.Known ACME = new KeyLookup.Known("acme", "k1", "pbk_a1a1a1a1", Set.of());
    private static final KeyLookup.Known GLOBEX = new KeyLookup.Known("globex", "k2", "pbk_b2b2b2b2", Set.of());

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:10Z"));
    private final KeyUsage usage = KeyUsage.unreported(clock);

    @Test
    void aKeyIsReportedOncePerMinuteItIsUsedInAtTheMinute() {
        usage.used(ACME);
        clock.advance(Duration.ofSeconds(30));
        usage.used(ACME);
        usage.used(GLOBEX);
        assertThat(usage.drain())
                .containsExactlyInAnyOrder(
                        used("acme", "k1", "2026-11-30T12:00:00Z"), used("globex", "k2", "2026-11-30T12:00:00Z"));

        clock.advance(Duration.ofSeconds(10)); // 12:00:50, same minute: nothing new to report
        usage.used(ACME);
        assertThat(usage.drain()).isEmpty();

        clock.advance(Duration.ofSeconds(20)); // 12:01:10
        usage.used(ACME);
        assertThat(usage.drain()).containsExactly(used("acme", "k1", "2026-11-30T12:01:00Z"));
        assertThat(usage.drain()).isEmpty();
    }

    private static KeyUsed used(String tenant, String keyId, String minute) {
        return KeyUsed.newBuilder()
                .setTenant(tenant)
                .setKeyId(keyId)
                .setLastUsedMs(Instant.parse(minute).toEpochMilli())
                .build();
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
