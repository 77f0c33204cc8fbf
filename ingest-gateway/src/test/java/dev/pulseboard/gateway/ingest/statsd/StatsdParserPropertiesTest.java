package dev.pulseboard.gateway.ingest.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.limits.Limits;
import dev.pulseboard.gateway.ingest.validation.Candidate;
import dev.pulseboard.gateway.ingest.validation.SampleError;
import dev.pulseboard.gateway.ingest.validation.SampleScreen;
import dev.pulseboard.gateway.testing.Mutations;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every StatsD input, random or a mutation of a valid line or packet, goes through the whole StatsD decoding path
 * (key split, line parser, sample mapper, validation) without an exception escaping, and every refusal carries a
 * registered error id. Tries: {@code jqwik.tries.default} (3000 in CI, 100000 in {@code ./pulseboard fuzz}).
 */
class StatsdParserPropertiesTest {
    private static final long NOW = 1_800_000_000_000L;
    private static final String KEY = "pbk_" + "a1".repeat(20);
    private static final List<String> VALID = List.of(
            "cpu:42|g",
            "requests:1|c|@0.5|#route:/a,code:200",
            "latency:12.5|ms|@0.1",
            "sizes:1:2:3|d|#k:v",
            "users:alice|s",
            "temp:-3|g",
            "h:7|h|T1800000000|c:container",
            "_e{5,4}:title|text|#a:b",
            "_sc|db.up|0|#env:prod",
            KEY + ".cpu:1|g",
            KEY + "." + KEY + ".x:1|c");

    @Property
    void aLineNeverThrowsAndEveryRefusalHasARegisteredId(@ForAll("lines") String line) {
        StatsdParseResult parsed = StatsdLineParser.parse(line);
        if (!parsed.isOk()) {
            assertThat(ErrorId.byId(parsed.errorId())).as(parsed.errorId()).isNotNull();
            assertThat(parsed.message()).isNotBlank();
        }
    }

    @Property
    void aPacketNeverThrowsFromKeySplitToValidation(@ForAll("packets") String packet) {
        Map<String, List<String>> byKey = StatsdPacketProcessor.linesByKey(packet);
        for (List<String> lines : byKey.values()) {
            List<Candidate> candidates = StatsdPacketProcessor.candidates(lines, NOW);
            for (SampleError e :
                    SampleScreen.screen(candidates, Limits.DEFAULTS, NOW).errors()) {
                assertThat(ErrorId.byId(e.id())).as(e.id()).isNotNull();
            }
        }
    }

    @Provide
    Arbitrary<String> lines() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(80),
                Arbitraries.strings().withChars("abc:|@#,.-+0123456789eETg ").ofMaxLength(40),
                mutated());
    }

    @Provide
    Arbitrary<String> packets() {
        return Arbitraries.oneOf(lines(), lines().list().ofMaxSize(8).map(l -> String.join("\n", l)));
    }

    private static Arbitrary<String> mutated() {
        return Arbitraries.longs().map(seed -> {
            Random random = new Random(seed);
            return Mutations.mutate(VALID.get(random.nextInt(VALID.size())), random);
        });
    }
}
