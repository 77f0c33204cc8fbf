package dev.pulseboard.gateway.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulseboard.contract.errors.ApiException;
import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.limits.Limits;
import dev.pulseboard.gateway.ingest.validation.SampleError;
import dev.pulseboard.gateway.ingest.validation.SampleScreen;
import dev.pulseboard.gateway.testing.Mutations;
import dev.pulseboard.gateway.testing.TestConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every push body, random or a mutation of a valid one, is either read, converted and screened without an exception,
 * or refused with a 4xx carrying a registered error id: nothing a client sends can produce a 5xx.
 */
class PushBodyPropertiesTest {
    private static final long NOW = 1_800_000_000_000L;
    private static final PushBodyReader READER = new PushBodyReader(new ObjectMapper(), TestConfig.gateway(Map.of()));
    private static final List<String> VALID = List.of(
            "{\"samples\":[{\"name\":\"cpu\",\"type\":\"gauge\",\"value\":42.5,\"timestamp\":1800000000000,"
                    + "\"labels\":{\"instance\":\"i-1\"},\"sampleRate\":1}]}",
            "{\"samples\":[{\"name\":\"users\",\"type\":\"set\",\"member\":\"alice\"},"
                    + "{\"name\":\"req_total\",\"type\":\"counter\",\"value\":1,\"sampleRate\":0.5}]}",
            "{\"samples\":[{\"name\":\"lat\",\"type\":\"timer\",\"value\":0.25,\"labels\":{\"tenant\":\"x\"}}]}",
            "{\"samples\":[]}");

    @Property
    void aBodyIsReadOrRefusedWithA4xxAndARegisteredId(@ForAll("bodies") String body) {
        try {
            PushRequest request = READER.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
            List<SampleError> errors = SampleScreen.screen(
                            PushSampleConverter.convert(request.samples(), NOW), Limits.DEFAULTS, NOW)
                    .errors();
            for (SampleError e : errors) {
                assertThat(ErrorId.byId(e.id())).as(e.id()).isNotNull();
            }
        } catch (ApiException e) {
            assertThat(e.kind().status()).isBetween(400, 499);
            assertThat(ErrorId.byId(e.errorId())).as(e.errorId()).isNotNull();
        }
    }

    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(120),
                Arbitraries.strings()
                        .withChars("{}[]\":,samplesnametypevalue0123456789.-eE ")
                        .ofMaxLength(120),
                Arbitraries.longs().map(seed -> {
                    Random random = new Random(seed);
                    return Mutations.mutate(VALID.get(random.nextInt(VALID.size())), random);
                }));
    }
}
