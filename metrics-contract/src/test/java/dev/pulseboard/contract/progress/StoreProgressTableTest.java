package dev.pulseboard.contract.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.StoreProgress;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class StoreProgressTableTest {
    private final StoreProgressTable table = new StoreProgressTable();

    private void report(int stream, int streams, int subtask, int parallelism, long writtenThrough, long published) {
        StoreProgress p = StoreProgress.newBuilder()
                .setStream(stream)
                .setStreams(streams)
                .setSubtask(subtask)
                .setParallelism(parallelism)
                .setWrittenThroughMs(writtenThrough)
                .setPublishedMs(published)
                .build();
        assertThat(table.apply(key(stream, subtask), WireCodec.encode(p))).isTrue();
    }

    private static byte[] key(int stream, int subtask) {
        return StoreProgressTable.key(stream, subtask).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void nothingIsFinalBeforeAnyWriterReported() {
        assertThat(table.writtenThrough()).isEmpty();
    }

    @Test
    void theLeastOfEveryStreamAndSubtaskOnceAllReported() {
        report(0, 2, 0, 2, 5_000, 1);
        report(0, 2, 1, 2, 4_000, 2);
        assertThat(table.writtenThrough()).as("stream 1 has not reported").isEmpty();
        report(1, 2, 0, 1, 4_500, 3);
        assertThat(table.writtenThrough()).hasValue(4_000);
        report(0, 2, 1, 2, 6_000, 4);
        assertThat(table.writtenThrough()).hasValue(4_500);
    }

    @Test
    void aSubtaskThatHasNotReportedHoldsItsStreamBack() {
        report(0, 1, 0, 3, 9_000, 1);
        report(0, 1, 2, 3, 9_000, 2);
        assertThat(table.writtenThrough()).isEmpty();
        report(0, 1, 1, 3, 8_000, 3);
        assertThat(table.writtenThrough()).hasValue(8_000);
    }

    @Test
    void afterARescaleTheSubtasksTheNewestRecordCountsDecide() {
        report(0, 1, 0, 3, 1_000, 1);
        report(0, 1, 1, 3, 1_000, 2);
        report(0, 1, 2, 3, 1_000, 3); // a subtask the job no longer has after the rescale: its record stays
        report(0, 1, 0, 2, 7_000, 10);
        assertThat(table.writtenThrough())
                .as("subtask 1 still reports the old layout's time")
                .hasValue(1_000);
        report(0, 1, 1, 2, 6_000, 11);
        assertThat(table.writtenThrough()).hasValue(6_000);
    }

    @Test
    void aTombstoneRemovesAWriterAndABadRecordIsSkipped() {
        report(0, 1, 0, 1, 3_000, 1);
        assertThat(table.apply(key(0, 0), new byte[] {1, 2, 3})).isFalse();
        assertThat(table.writtenThrough()).hasValue(3_000);
        assertThat(table.apply(key(0, 0), null)).isTrue();
        assertThat(table.writtenThrough()).isEqualTo(OptionalLong.empty());
    }
}
