package dev.pulseboard.contract.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.wire.v1.Label;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The canonical series key is injective: two label sets share a key only when they are the same series. A property
 * test over random label sets (seeded, so a failure reproduces), drawn from an alphabet full of the separators
 * ({@code , = | \}) so that join-without-escaping collisions are found; pairs are often near-equal on purpose.
 */
class SeriesKeyPropertiesTest {
    private static final String NAME_CHARS = "abq_";
    private static final String VALUE_CHARS = "ab12,=|\\ ";
    private static final int TRIES = 20_000;

    @Test
    void differentSeriesNeverShareAKeyAndEqualSeriesAlwaysDo() {
        Random random = new Random(20261129L);
        int equalPairs = 0;
        for (int i = 0; i < TRIES; i++) {
            Map<String, String> a = labelSet(random);
            Map<String, String> b = random.nextInt(4) == 0 ? new TreeMap<>(a) : mutate(a, random);
            boolean sameSeries = a.equals(b);
            equalPairs += sameSeries ? 1 : 0;
            String keyA = SeriesKey.canonical("acme", "m", labels(a));
            String keyB = SeriesKey.canonical("acme", "m", labels(b));
            assertThat(keyA.equals(keyB))
                    .as("%s vs %s: %s / %s", a, b, keyA, keyB)
                    .isEqualTo(sameSeries);
        }
        assertThat(equalPairs).as("the generator also produces equal pairs").isGreaterThan(TRIES / 10);
    }

    @Test
    void parseIsTheInverseOfCanonical() {
        Random random = new Random(7);
        for (int i = 0; i < TRIES; i++) {
            Map<String, String> labels = labelSet(random);
            String name = i % 3 == 0 ? "m" : "a:b_c";
            SeriesKey.Identity id = SeriesKey.parse(SeriesKey.canonical("acme-" + (i % 3), name, labels(labels)));
            assertThat(id.tenant()).isEqualTo("acme-" + (i % 3));
            assertThat(id.name()).isEqualTo(name);
            Map<String, String> back = new TreeMap<>();
            for (int j = 0; j < id.labelNames().length; j++) {
                back.put(id.labelNames()[j], id.labelValues()[j]);
            }
            assertThat(back).as("%s", labels).isEqualTo(labels);
        }
    }

    @Test
    void theReviewFindingsPairIsTwoKeys() {
        String one = SeriesKey.canonical("acme", "m", labels(Map.of("a", "1,b=2")));
        String two = SeriesKey.canonical("acme", "m", labels(Map.of("a", "1", "b", "2")));
        assertThat(one).isNotEqualTo(two);
    }

    @Test
    void theHashOfTheUtf8PartsIsTheHashOfTheCanonicalKey() {
        Random random = new Random(11);
        for (int i = 0; i < TRIES; i++) {
            Map<String, String> labels = labelSet(random);
            String tenant = i % 2 == 0 ? "acme" : "t|\u00e9,=";
            String name = string(random, VALUE_CHARS + "\u00e9\u20ac", 1, 6);
            long h = SeriesKey.hashByte(hashOf(SeriesKey.HASH_START, tenant), '|');
            h = SeriesKey.hashByte(hashOf(h, name), '|');
            boolean first = true;
            for (Map.Entry<String, String> e : labels.entrySet()) {
                h = first ? h : SeriesKey.hashByte(h, ',');
                h = SeriesKey.hashByte(hashOf(h, e.getKey()), '=');
                h = hashOf(h, e.getValue());
                first = false;
            }
            String canonical = SeriesKey.canonical(tenant, name, labels(labels));
            assertThat(h).as(canonical).isEqualTo(SeriesKey.hash(canonical));
            assertThat(SeriesKey.shardOfHash(h)).isEqualTo(SeriesKey.shardOf(canonical));
        }
    }

    private static long hashOf(long h, String part) {
        byte[] utf8 = ("x" + part).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return SeriesKey.hashEscaped(h, utf8, 1, utf8.length - 1); // at an offset, as in a request's bytes
    }

    private static Map<String, String> labelSet(Random random) {
        Map<String, String> m = new TreeMap<>();
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            m.put(string(random, NAME_CHARS, 1, 3), string(random, VALUE_CHARS, 0, 8));
        }
        return m;
    }

    /**
     * A near neighbour: one value changed, one label added or removed, or two neighbouring labels written into the
     * first one's value as {@code v1,k2=v2} (what a join without escaping cannot tell apart).
     */
    private static Map<String, String> mutate(Map<String, String> a, Random random) {
        Map<String, String> b = new TreeMap<>(a);
        int op = random.nextInt(4);
        if (op == 3 && b.size() >= 2) {
            List<String> keys = new ArrayList<>(b.keySet());
            int i = random.nextInt(keys.size() - 1);
            String k1 = keys.get(i);
            String k2 = keys.get(i + 1);
            b.put(k1, b.get(k1) + "," + k2 + "=" + b.remove(k2));
            return b;
        }
        if (op == 0 && !b.isEmpty()) {
            String k = new ArrayList<>(b.keySet()).get(random.nextInt(b.size()));
            b.put(k, string(random, VALUE_CHARS, 0, 8));
        } else if (op == 1 && !b.isEmpty()) {
            b.remove(new ArrayList<>(b.keySet()).get(random.nextInt(b.size())));
        } else {
            b.put(string(random, NAME_CHARS, 1, 3), string(random, VALUE_CHARS, 0, 8));
        }
        return b;
    }

    private static String string(Random random, String alphabet, int min, int max) {
        int len = min + random.nextInt(max - min + 1);
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static List<Label> labels(Map<String, String> m) {
        List<Label> out = new ArrayList<>();
        new TreeMap<>(m)
                .forEach((k, v) ->
                        out.add(Label.newBuilder().setName(k).setValue(v).build()));
        return out;
    }
}
