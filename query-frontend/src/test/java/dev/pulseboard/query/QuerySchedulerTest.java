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
        QueryScheduler scheduler = new QueryScheduler(1, 0);
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
        // each place is released by the tenant that holds it: busy, then busy-1, quiet-1, busy-2
        String holder = "busy";
        for (int released = 1; released <= 4; released++) {
            scheduler.release(holder);
            int expected = released;
            await().until(() -> order.size() == expected);
            holder =
                    order.get(released - 1).substring(0, order.get(released - 1).indexOf('-'));
        }
        assertThat(order).containsExactly("busy-1", "quiet-1", "busy-2", "busy-3");
        threads.shutdown();
        assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aRequestThatWaitsTooLongTakesNothing() throws Exception {
        QueryScheduler scheduler = new QueryScheduler(1, 0);
        assertThat(scheduler.acquire("a", LONG)).isTrue();
        assertThat(scheduler.acquire("b", Duration.ofMillis(50))).isFalse();
        scheduler.release("a");
        assertThat(scheduler.acquire("c", Duration.ofMillis(50)))
                .as("the place is free again")
                .isTrue();
    }

    @Test
    void aTenantHoldsNoMoreThanItsShareSoAnotherTenantDoesNotWaitBehindIt() throws Exception {
        QueryScheduler scheduler = new QueryScheduler(4, 2);
        assertThat(scheduler.acquire("heavy", LONG)).isTrue();
        assertThat(scheduler.acquire("heavy", LONG)).isTrue();
        assertThat(scheduler.acquire("heavy", Duration.ofMillis(50)))
                .as("a third place for one tenant, though two are free")
                .isFalse();
        assertThat(scheduler.acquire("quiet", Duration.ofMillis(50)))
                .as("the quiet tenant gets a free place at once while the heavy one is at its share")
                .isTrue();
        ExecutorService threads = Executors.newSingleThreadExecutor();
        var third = threads.submit(() -> scheduler.acquire("heavy", LONG));
        await().until(() -> scheduler.waitingCount() == 1);
        assertThat(scheduler.acquire("quiet", Duration.ofMillis(50)))
                .as("waiting heavy requests do not hold back another tenant's")
                .isTrue();
        scheduler.release("heavy");
        assertThat(third.get(5, TimeUnit.SECONDS))
                .as("the heavy tenant's place went to its waiting request")
                .isTrue();
        threads.shutdown();
        assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }
}
