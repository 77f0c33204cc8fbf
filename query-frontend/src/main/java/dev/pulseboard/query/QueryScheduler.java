package dev.pulseboard.query;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Shares Prometheus fairly between tenants: at most {@code scheduler.max-in-flight} requests of all tenants are at
 * Prometheus at once, and when more wait, the next free place goes to the tenants in turn, one request each, however
 * many each has waiting (the query-frontend of Cortex and Mimir queues per tenant the same way). A tenant sending 16
 * requests at once thus gets no more of Prometheus than one sending 1 while both wait, instead of 16 parts in 17.
 * Blocking: a waiting request holds its worker thread (bounded by the tenant's max-concurrent).
 */
@ApplicationScoped
public class QueryScheduler {
    private final int maxInFlight;
    private final Map<String, ArrayDeque<CompletableFuture<Void>>> waiting = new HashMap<>();
    /** Tenants with waiting requests, in the order they get the next free place. */
    private final ArrayDeque<String> turn = new ArrayDeque<>();

    private int inFlight;

    @Inject
    public QueryScheduler(QueryConfig config) {
        this(config.scheduler().maxInFlight());
    }

    QueryScheduler(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    /**
     * Waits for a place at Prometheus, at most {@code wait}; false when none came in time (nothing taken). Every true
     * must be followed by {@link #release}.
     */
    boolean acquire(String tenant, Duration wait) throws InterruptedException {
        CompletableFuture<Void> ticket;
        synchronized (this) {
            if (maxInFlight <= 0 || (inFlight < maxInFlight && turn.isEmpty())) {
                inFlight++;
                return true;
            }
            ticket = new CompletableFuture<>();
            ArrayDeque<CompletableFuture<Void>> queue = waiting.computeIfAbsent(tenant, t -> new ArrayDeque<>());
            if (queue.isEmpty()) {
                turn.addLast(tenant);
            }
            queue.addLast(ticket);
        }
        try {
            ticket.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | InterruptedException e) {
            synchronized (this) {
                if (ticket.isDone()) {
                    // handed a place just as the wait ended: give it on
                    releaseLocked();
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
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("tickets are only completed normally", e);
        }
    }

    /** Requests waiting now, of all tenants. */
    synchronized int waitingCount() {
        return waiting.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    synchronized void release() {
        releaseLocked();
    }

    /** Hands the place to the first waiting request of the next tenant in turn, or frees it. */
    private void releaseLocked() {
        String next = turn.pollFirst();
        if (next == null) {
            inFlight--;
            return;
        }
        ArrayDeque<CompletableFuture<Void>> queue = waiting.get(next);
        CompletableFuture<Void> ticket = queue.pollFirst();
        if (queue.isEmpty()) {
            waiting.remove(next);
        } else {
            turn.addLast(next);
        }
        ticket.complete(null);
    }
}
