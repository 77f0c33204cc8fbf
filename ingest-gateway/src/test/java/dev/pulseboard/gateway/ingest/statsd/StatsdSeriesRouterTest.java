package dev.pulseboard.gateway.ingest.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StatsdSeriesRouterTest {
    /** The non-empty lines of each part. */
    private static List<List<String>> lines(String[] parts) {
        List<List<String>> out = new ArrayList<>();
        for (String p : parts) {
            out.add(
                    p == null
                            ? List.of()
                            : Arrays.stream(p.split("\n"))
                                    .filter(l -> !l.isEmpty())
                                    .toList());
        }
        return out;
    }

    @Test
    void everyLineLandsOnceAndASeriesLinesKeepTheirOrderOnOneWorker() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(60); i++) {
                int series = random.nextInt(12);
                String tags = series % 3 == 0 ? "|#host:h" + (series % 2) : "";
                sent.add("pbk_x.m" + (series / 2) + ":" + i + "|" + (series % 2 == 0 ? "g" : "c") + tags);
            }
            String packet = String.join("\n", sent) + (random.nextBoolean() ? "\n" : "");
            String[] parts = StatsdSeriesRouter.split(packet, 2);
            List<List<String>> got = lines(parts);

            assertThat(got.stream().flatMap(List::stream)).containsExactlyInAnyOrderElementsOf(sent);
            Map<String, Integer> workerOfSeries = new HashMap<>();
            for (int w = 0; w < got.size(); w++) {
                for (String line : got.get(w)) {
                    String series = line.substring(0, line.indexOf(':')) + line.replaceAll("^[^#]*", "");
                    assertThat(workerOfSeries.putIfAbsent(series, w)).as(series).isIn(null, w);
                }
                // within a worker, the packet's order
                List<String> inOrder =
                        sent.stream().filter(got.get(w)::contains).toList();
                assertThat(got.get(w)).isEqualTo(inOrder);
            }
        }
    }

    @Test
    void manySeriesOfOneClientUseEveryWorker() {
        StringBuilder packet = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            packet.append(i == 0 ? "" : "\n").append("pbk_x.bench_c_").append(i).append(":1|c");
        }
        String[] parts = StatsdSeriesRouter.split(packet.toString(), 2);
        assertThat(parts).doesNotContainNull();
        assertThat(lines(parts).get(0).size() + lines(parts).get(1).size()).isEqualTo(40);
    }

    @Test
    void tagsAreOfTheSeriesTheValueAndTypeAreNot() {
        assertThat(StatsdSeriesRouter.seriesHash("a.b:1|c|#x:1", 0, 12))
                .isEqualTo(StatsdSeriesRouter.seriesHash("a.b:9|g|@0.5|#x:1", 0, 17))
                .isNotEqualTo(StatsdSeriesRouter.seriesHash("a.b:1|c|#x:2", 0, 12));
        String line = "a.b:1|c|#x:1";
        String packet = "zz\n" + line + "\nzz";
        assertThat(StatsdSeriesRouter.seriesHash(packet, 3, 3 + line.length()))
                .as("only the line's own characters")
                .isEqualTo(StatsdSeriesRouter.seriesHash(line, 0, line.length()));
    }

    @Test
    void aPacketOfOneWorkersLinesIsPassedOnAsItIs() {
        String packet = "pbk_x.same:1|c\npbk_x.same:2|c";
        String[] parts = StatsdSeriesRouter.split(packet, 2);
        assertThat(Arrays.stream(parts).filter(Objects::nonNull))
                .singleElement()
                .isSameAs(packet);
        assertThat(StatsdSeriesRouter.split(packet, 1)).containsExactly(packet);
        assertThat(StatsdSeriesRouter.split("\n\n", 2)).containsOnlyNulls();
    }
}
