package dev.pulseboard.query;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Shares Prometheus fairly between tenants: at most {@code scheduler.max-in-flight} requests of all tenants are at
 * Prometheus at once, at most {@code scheduler.max-in-flight-per-tenant} of them of one tenant, and when more wait,
 * the next free place goes to the tenants in turn, one request each, however many each has waiting (the
 * query-frontend of Cortex and Mimir queues per tenant the same way). A tenant sending 16 requests at once thus gets no
 * more of Prometheus than one sending 1 while both wait, instead of 16 parts in 17, and never all of it: the places
 * beyond its share stay free for the others, so a quiet tenant's request does not wait behind a busy tenant's slow
 * ones. Blocking: a waiting request holds its worker thread (bounded by the tenant's max-concurrent).
 */
@ApplicationScoped
public class QueryScheduler {
    private final int maxInFlight;
    private final int maxInFlightPerTenant;
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
        this.maxInFlight = maxInFlight;
        this.maxInFlightPerTenant = maxInFlightPerTenant;
    }

    /**
     * Waits for a place at Prometheus, at most {@code wait}; false when none came in time (nothing taken). Every true
     * must be followed by {@link #release} of the same tenant.
     */
    boolean acquire(String tenant, Duration wait) throws InterruptedException {
        CompletableFuture<Void> ticket;
        synchronized (this) {
            // while a place is free, every waiting tenant is at its share (dispatch keeps it so)
            if (maxInFlight <= 0 || (inFlight < maxInFlight && !waiting.containsKey(tenant) && underShare(tenant))) {
                take(tenant);
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
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("tickets are only completed normally", e);
        }
    }

    /** Requests waiting now, of all tenants. */
    synchronized int waitingCount() {
        return waiting.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    synchronized void release(String tenant) {
        releaseLocked(tenant);
    }

    private boolean underShare(String tenant) {
        return maxInFlightPerTenant <= 0 || inFlightOf.getOrDefault(tenant, 0) < maxInFlightPerTenant;
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

    /** Hands free places to the first waiting request of each next tenant in turn that is below its share. */
    private void dispatch() {
        while (inFlight < maxInFlight) {
            String next = null;
            for (Iterator<String> it = turn.iterator(); it.hasNext(); ) {
                String candidate = it.next();
                if (underShare(candidate)) {
                    it.remove();
                    next = candidate;
                    break;
                }
            }
            if (next == null) {
                return;
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
    }
}
