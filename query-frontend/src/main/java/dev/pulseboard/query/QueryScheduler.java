package dev.pulseboard.query;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Shares Prometheus fairly between tenants: at most {@code scheduler.max-in-flight} requests of all tenants are at
 * Prometheus at once, at most {@code scheduler.max-in-flight-per-tenant} of them of one tenant, and when more wait,
 * the next free place goes to the tenants in turn, one request each, however many each has waiting (the
 * query-frontend of Cortex and Mimir queues per tenant the same way). A tenant sending 16 requests at once thus gets no
 * more of Prometheus than one sending 1 while both wait, instead of 16 parts in 17, and never all of it: the places
 * beyond its share stay free for the others, so a quiet tenant's request does not wait behind a busy tenant's slow
 * ones.
 *
 * <p>Each tenant may also have a budget of Prometheus time ({@code query_eval_ms_per_second}): the wall time its
 * requests spend at Prometheus is charged to a token bucket (Bucket4j) that refills at that many milliseconds per
 * second and holds one second's worth. A request is let through only while the tenant's bucket is not in debt; the one
 * that overdraws it runs to its end and is charged in full, and the tenant's next request waits until the debt is paid
 * back. A tenant at its limits thus uses at most its budget of Prometheus on average, whatever its queries cost, and
 * leaves the rest of the cores to other tenants; a request that could only start after {@code wait} is refused at
 * once ({@link Admission#OVER_BUDGET}, with the time until it could). Blocking: a waiting request holds its worker
 * thread (bounded by the tenant's max-concurrent).
 */
@ApplicationScoped
public class QueryScheduler {
    /** What {@link #acquire} gave. */
    enum Admission {
        /** A place at Prometheus: must be followed by {@link #release} of the same tenant. */
        ADMITTED,
        /** No place came within the wait (nothing taken). */
        TIMED_OUT,
        /** The tenant's budget of Prometheus time would only allow it later than the wait (nothing taken). */
        OVER_BUDGET
    }

    private final int maxInFlight;
    private final int maxInFlightPerTenant;
    private final TimeMeter time;
    /** Tenants' budgets of Prometheus time: microseconds, refilled at the tenant's rate; absent = no budget. */
    private final Map<String, Budget> budgets = new HashMap<>();

    private final ScheduledExecutorService wakeUps = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "query-scheduler-budget");
        t.setDaemon(true);
        return t;
    });
    /** The wake-up that lets waiting requests in once their tenant's debt is paid back, when one is due. */
    private ScheduledFuture<?> wakeUp;

    private long wakeUpAtNanos;
    private final Map<String, ArrayDeque<CompletableFuture<Void>>> waiting = new HashMap<>();
    /** Tenants with waiting requests, in the order they get the next free place. */
    private final ArrayDeque<String> turn = new ArrayDeque<>();

    private final Map<String, Integer> inFlightOf = new HashMap<>();

    private int inFlight;

    @Inject
    public QueryScheduler(QueryConfig config) {
        this(config.scheduler().maxInFlight(), config.scheduler().maxInFlightPerTenant());
    }

    QueryScheduler(int maxInFlight, int maxInFlightPerTenant) {
        this(maxInFlight, maxInFlightPerTenant, TimeMeter.SYSTEM_NANOTIME);
    }

    QueryScheduler(int maxInFlight, int maxInFlightPerTenant, TimeMeter time) {
        this.maxInFlight = maxInFlight;
        this.maxInFlightPerTenant = maxInFlightPerTenant;
        this.time = time;
    }

    @PreDestroy
    void stop() {
        wakeUps.shutdownNow();
    }

    /** A tenant's bucket of Prometheus time, and the rate it was made for. */
    private record Budget(long microsPerSecond, Bucket bucket) {}

    /** {@link #acquire(String, Duration, Duration)} without a budget of Prometheus time. */
    boolean acquire(String tenant, Duration wait) throws InterruptedException {
        return acquire(tenant, Duration.ZERO, wait) == Admission.ADMITTED;
    }

    /**
     * Waits for a place at Prometheus, at most {@code wait}, for a tenant whose budget of Prometheus time is
     * {@code perSecond} each second (zero = none).
     */
    Admission acquire(String tenant, Duration perSecond, Duration wait) throws InterruptedException {
        CompletableFuture<Void> ticket;
        synchronized (this) {
            setBudget(tenant, perSecond);
            long debtNanos = debtNanos(tenant);
            if (debtNanos > wait.toNanos()) {
                return Admission.OVER_BUDGET;
            }
            // while a place is free, every waiting tenant is at its share or in debt (dispatch keeps it so)
            if (placeFree() && !waiting.containsKey(tenant) && eligible(tenant)) {
                take(tenant);
                return Admission.ADMITTED;
            }
            ticket = new CompletableFuture<>();
            ArrayDeque<CompletableFuture<Void>> queue = waiting.computeIfAbsent(tenant, t -> new ArrayDeque<>());
            if (queue.isEmpty()) {
                turn.addLast(tenant);
            }
            queue.addLast(ticket);
            wakeUpForBudgets();
        }
        try {
            ticket.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return Admission.ADMITTED;
        } catch (TimeoutException | InterruptedException e) {
            synchronized (this) {
                if (ticket.isDone()) {
                    // handed a place just as the wait ended: give it on
                    releaseLocked(tenant);
                } else {
                    ticket.cancel(false);
                    ArrayDeque<CompletableFuture<Void>> queue = waiting.get(tenant);
                    queue.removeIf(t -> t == ticket);
                    if (queue.isEmpty()) {
                        waiting.remove(tenant);
                        turn.remove(tenant);
                    }
                }
            }
            if (e instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            return Admission.TIMED_OUT;
        } catch (ExecutionException e) {
            throw new IllegalStateException("tickets are only completed normally", e);
        }
    }

    /** Requests waiting now, of all tenants. */
    synchronized int waitingCount() {
        return waiting.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    /** Gives back a place after {@code atPrometheus} spent there, which the tenant's budget is charged with. */
    synchronized void release(String tenant, Duration atPrometheus) {
        Budget budget = budgets.get(tenant);
        if (budget != null) {
            long unused = budget.bucket().consumeIgnoringRateLimits(Math.max(1, atPrometheus.toNanos() / 1000));
        }
        releaseLocked(tenant);
    }

    /**
     * How long until the tenant's budget of {@code perSecond} (zero = none) is out of debt; 0 when it is not in debt
     * or has no budget. A budget whose rate changed starts full, as in {@link #acquire(String, Duration, Duration)}:
     * a tenant whose limit was raised is not held back by the debt it ran up under the old one.
     */
    synchronized long debtNanos(String tenant, Duration perSecond) {
        setBudget(tenant, perSecond);
        return debtNanos(tenant);
    }

    /** How long until the tenant's budget is out of debt; 0 when it is not in debt or has no budget. */
    synchronized long debtNanos(String tenant) {
        Budget budget = budgets.get(tenant);
        if (budget == null || budget.bucket().getAvailableTokens() > 0) {
            return 0;
        }
        return Math.max(1, budget.bucket().estimateAbilityToConsume(1).getNanosToWaitForRefill());
    }

    private void setBudget(String tenant, Duration perSecond) {
        long micros = perSecond.toNanos() / 1000;
        Budget budget = budgets.get(tenant);
        if (micros <= 0) {
            budgets.remove(tenant);
        } else if (budget == null || budget.microsPerSecond() != micros) {
            // a new or changed budget starts full: one second's worth
            budgets.put(
                    tenant,
                    new Budget(
                            micros,
                            Bucket.builder()
                                    .addLimit(
                                            limit -> limit.capacity(micros).refillGreedy(micros, Duration.ofSeconds(1)))
                                    .withCustomTimePrecision(time)
                                    .build()));
        }
    }

    private boolean placeFree() {
        return maxInFlight <= 0 || inFlight < maxInFlight;
    }

    private boolean eligible(String tenant) {
        return underShare(tenant) && debtNanos(tenant) == 0;
    }

    private boolean underShare(String tenant) {
        return maxInFlight <= 0
                || maxInFlightPerTenant <= 0
                || inFlightOf.getOrDefault(tenant, 0) < maxInFlightPerTenant;
    }

    private void take(String tenant) {
        inFlight++;
        inFlightOf.merge(tenant, 1, Integer::sum);
    }

    private void releaseLocked(String tenant) {
        inFlight--;
        inFlightOf.computeIfPresent(tenant, (t, n) -> n > 1 ? n - 1 : null);
        dispatch();
    }

    /**
     * Hands free places to the first waiting request of each next tenant in turn that is below its share and not in
     * debt; then makes sure a wake-up is due for tenants that wait only for their budget.
     */
    private void dispatch() {
        while (placeFree()) {
            String next = null;
            for (Iterator<String> it = turn.iterator(); it.hasNext(); ) {
                String candidate = it.next();
                if (eligible(candidate)) {
                    it.remove();
                    next = candidate;
                    break;
                }
            }
            if (next == null) {
                break;
            }
            ArrayDeque<CompletableFuture<Void>> queue = waiting.get(next);
            CompletableFuture<Void> ticket = queue.pollFirst();
            if (queue.isEmpty()) {
                waiting.remove(next);
            } else {
                turn.addLast(next);
            }
            take(next);
            ticket.complete(null);
        }
        wakeUpForBudgets();
    }

    /** A dispatch when the first waiting tenant in debt is out of it (none while no place is free: a release calls). */
    private void wakeUpForBudgets() {
        if (!placeFree()) {
            return;
        }
        long soonest = Long.MAX_VALUE;
        for (String tenant : turn) {
            long debt = debtNanos(tenant);
            if (debt > 0 && underShare(tenant)) {
                soonest = Math.min(soonest, debt);
            }
        }
        if (soonest == Long.MAX_VALUE) {
            return;
        }
        long at = System.nanoTime() + soonest;
        if (wakeUp != null && !wakeUp.isDone() && wakeUpAtNanos <= at) {
            return;
        }
        if (wakeUp != null) {
            wakeUp.cancel(false);
        }
        wakeUpAtNanos = at;
        wakeUp = wakeUps.schedule(this::wake, soonest, TimeUnit.NANOSECONDS);
    }

    private synchronized void wake() {
        wakeUp = null;
        dispatch();
    }
}
