package dev.pulseboard.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
            scheduler.release(holder, Duration.ZERO);
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
        scheduler.release("a", Duration.ZERO);
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
        scheduler.release("heavy", Duration.ZERO);
        assertThat(third.get(5, TimeUnit.SECONDS))
                .as("the heavy tenant's place went to its waiting request")
                .isTrue();
        threads.shutdown();
        assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    /** Time that moves only when the test moves it. */
    private static final class ManualTime implements TimeMeter {
        final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }

        void advance(Duration d) {
            nanos.addAndGet(d.toNanos());
        }
    }

    private static final Duration BUDGET = Duration.ofMillis(100);

    @Test
    void aTenantThatOverdrewItsBudgetOfPrometheusTimeWaitsUntilItIsPaidBackWhileOthersGoOn() throws Exception {
        ManualTime time = new ManualTime();
        QueryScheduler scheduler = new QueryScheduler(4, 2, time);
        assertThat(scheduler.acquire("heavy", BUDGET, LONG)).isEqualTo(QueryScheduler.Admission.ADMITTED);
        // one query of 150 ms at Prometheus against a budget of 100 ms per second (holding 100 ms): 50 ms in debt,
        // paid back in 0.5 s
        scheduler.release("heavy", Duration.ofMillis(150));
        assertThat(scheduler.debtNanos("heavy"))
                .isBetween(
                        Duration.ofMillis(499).toNanos(), Duration.ofMillis(501).toNanos());
        ExecutorService threads = Executors.newSingleThreadExecutor();
        Future<QueryScheduler.Admission> next = threads.submit(() -> scheduler.acquire("heavy", BUDGET, LONG));
        await().until(() -> scheduler.waitingCount() == 1);
        assertThat(scheduler.acquire("quiet", BUDGET, LONG))
                .as("another tenant's request takes a free place at once")
                .isEqualTo(QueryScheduler.Admission.ADMITTED);
        scheduler.release("quiet", Duration.ofMillis(5));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !next.isDone());
        time.advance(Duration.ofMillis(400));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !next.isDone());
        time.advance(Duration.ofMillis(101));
        assertThat(next.get(5, TimeUnit.SECONDS))
                .as("let in once the debt is paid back, without another release to wake it")
                .isEqualTo(QueryScheduler.Admission.ADMITTED);
        threads.shutdown();
        assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aRequestThatCouldOnlyStartAfterItsWaitIsRefusedAtOnceAndTakesNothing() throws Exception {
        ManualTime time = new ManualTime();
        QueryScheduler scheduler = new QueryScheduler(1, 0, time);
        assertThat(scheduler.acquire("heavy", BUDGET, LONG)).isEqualTo(QueryScheduler.Admission.ADMITTED);
        scheduler.release("heavy", Duration.ofSeconds(3)); // 2.9 s in debt: 29 s to pay back at 100 ms/s
        assertThat(scheduler.acquire("heavy", BUDGET, Duration.ofSeconds(10)))
                .isEqualTo(QueryScheduler.Admission.OVER_BUDGET);
        assertThat(scheduler.acquire("quiet", BUDGET, Duration.ofMillis(50)))
                .as("the refused request took no place")
                .isEqualTo(QueryScheduler.Admission.ADMITTED);
        scheduler.release("quiet", Duration.ZERO);
        time.advance(Duration.ofSeconds(29).plusMillis(1));
        assertThat(scheduler.acquire("heavy", BUDGET, Duration.ofMillis(50)))
                .isEqualTo(QueryScheduler.Admission.ADMITTED);
    }

    @Test
    void withoutABudgetTheTimeAtPrometheusHoldsNothingBack() throws Exception {
        QueryScheduler scheduler = new QueryScheduler(1, 0, new ManualTime());
        for (int i = 0; i < 3; i++) {
            assertThat(scheduler.acquire("tenant", Duration.ZERO, Duration.ofMillis(50)))
                    .isEqualTo(QueryScheduler.Admission.ADMITTED);
            scheduler.release("tenant", Duration.ofMinutes(1));
        }
        assertThat(scheduler.debtNanos("tenant")).isZero();
    }

    @Test
    void aTenantWhoseBudgetWasRaisedIsNotHeldBackByTheDebtOfTheOldOne() throws Exception {
        ManualTime time = new ManualTime();
        QueryScheduler scheduler = new QueryScheduler(1, 0, time);
        Duration oneMs = Duration.ofMillis(1);
        assertThat(scheduler.acquire("tenant", oneMs, LONG)).isEqualTo(QueryScheduler.Admission.ADMITTED);
        scheduler.release("tenant", Duration.ofMillis(33)); // 32 ms in debt: 32 s to pay back at 1 ms/s
        assertThat(scheduler.debtNanos("tenant", oneMs))
                .isGreaterThan(Duration.ofSeconds(31).toNanos());
        assertThat(scheduler.debtNanos("tenant", Duration.ofMillis(250)))
                .as("the raised budget starts full")
                .isZero();
        assertThat(scheduler.acquire("tenant", Duration.ofMillis(250), Duration.ofMillis(50)))
                .isEqualTo(QueryScheduler.Admission.ADMITTED);
    }
}
