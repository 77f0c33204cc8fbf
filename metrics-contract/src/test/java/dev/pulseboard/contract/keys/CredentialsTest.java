package dev.pulseboard.contract.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CredentialsTest {
    private static final String KEY = "pbk_" + "de".repeat(20);

    @Test
    void bearerInAnyCase() {
        assertThat(Credentials.keyFrom("Bearer " + KEY)).isEqualTo(KEY);
        assertThat(Credentials.keyFrom("bearer   " + KEY + " ")).isEqualTo(KEY);
    }

    @Test
    void basicTakesThePassword() {
        String basic = Base64.getEncoder().encodeToString(("prometheus:" + KEY).getBytes(StandardCharsets.UTF_8));
        assertThat(Credentials.keyFrom("Basic " + basic)).isEqualTo(KEY);
    }

    @Test
    void absentIsNullAndGarbageIsUnparseable() {
        assertThat(Credentials.keyFrom(null)).isNull();
        assertThat(Credentials.keyFrom("  ")).isNull();
        assertThat(Credentials.keyFrom(KEY)).isEqualTo(Credentials.UNPARSEABLE);
        assertThat(Credentials.keyFrom("Digest " + KEY)).isEqualTo(Credentials.UNPARSEABLE);
        assertThat(Credentials.keyFrom("Basic !!!")).isEqualTo(Credentials.UNPARSEABLE);
    }
}
