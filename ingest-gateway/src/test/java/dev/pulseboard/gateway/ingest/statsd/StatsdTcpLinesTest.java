package dev.pulseboard.gateway.ingest.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StatsdTcpLinesTest {

    @Test
    void yieldsWholeLinesAndKeepsThePartialOneForTheNextRead() {
        StatsdTcpLines lines = new StatsdTcpLines(1024);
        assertThat(lines.append(Buffer.buffer("a:1|c\nb:2"))).isEqualTo("a:1|c");
        assertThat(lines.append(Buffer.buffer("|g\nc:3|c\n"))).isEqualTo("b:2|g\nc:3|c");
        assertThat(lines.append(Buffer.buffer("d:4"))).isNull();
        assertThat(lines.rest()).isEqualTo("d:4");
    }

    @Test
    void aMultiByteCharacterSplitAcrossReadsSurvives() {
        byte[] line = "temp_°c:1|g\n".getBytes(StandardCharsets.UTF_8);
        int inside = "temp_".length() + 1; // between the two bytes of '°'
        StatsdTcpLines lines = new StatsdTcpLines(1024);
        assertThat(lines.append(Buffer.buffer(Arrays.copyOfRange(line, 0, inside))))
                .isNull();
        assertThat(lines.append(Buffer.buffer(Arrays.copyOfRange(line, inside, line.length))))
                .isEqualTo("temp_°c:1|g");
    }

    @Test
    void aLineLongerThanTheLimitOverflows() {
        StatsdTcpLines lines = new StatsdTcpLines(8);
        assertThat(lines.append(Buffer.buffer("0123456789"))).isNull();
        assertThat(lines.overflowed()).isTrue();
    }
}
