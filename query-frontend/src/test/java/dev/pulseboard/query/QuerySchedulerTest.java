package dev.pulseboard.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QuerySchedulerTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void waitingRequestsGetThePlaceOneTenantAtATimeInTurn() throws Exception {
        QueryScheduler scheduler = new QueryScheduler(1);
        assertThat(scheduler.acquire("busy", LONG)).isTrue();
        List<String> order = new CopyOnWriteArrayList<>();
        ExecutorService threads = Executors.newCachedThreadPool();
        // busy queues three requests before quiet queues its one
        List<String> arrivals = List.of("busy-1", "busy-2", "busy-3", "quiet-1");
        for (int i = 0; i < arrivals.size(); i++) {
            String name = arrivals.get(i);
            threads.execute(() -> {
                try {
                    if (scheduler.acquire(name.substring(0, name.indexOf('-')), LONG)) {
                        order.add(name);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            int queued = i + 1;
            await().until(() -> scheduler.waitingCount() == queued);
        }
        for (int released = 1; released <= 4; released++) {
            scheduler.release();
            int expected = released;
            await().until(() -> order.size() == expected);
        }
        assertThat(order).containsExactly("busy-1", "quiet-1", "busy-2", "busy-3");
        threads.shutdown();
        assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aRequestThatWaitsTooLongTakesNothing() throws Exception {
        QueryScheduler scheduler = new QueryScheduler(1);
        assertThat(scheduler.acquire("a", LONG)).isTrue();
        assertThat(scheduler.acquire("b", Duration.ofMillis(50))).isFalse();
        scheduler.release();
        assertThat(scheduler.acquire("c", Duration.ofMillis(50)))
                .as("the place is free again")
                .isTrue();
    }
}
