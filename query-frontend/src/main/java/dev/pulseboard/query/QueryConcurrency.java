package dev.pulseboard.query;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests each tenant has waiting on Prometheus right now, so that one tenant at its limit cannot hold every worker
 * thread and every Prometheus connection while other tenants wait. Refuses rather than queues: a refused request costs
 * nothing, and a queue would still hold a thread per waiting request. One counter per tenant that ever queried (tenant
 * ids come from authenticated keys, so the map is bounded by the number of tenants).
 */
@ApplicationScoped
public class QueryConcurrency {
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();

    /** Takes a slot when fewer than {@code max} are taken (0 = unlimited); every true must be followed by release. */
    boolean tryAcquire(String tenant, int max) {
        AtomicInteger n = running.computeIfAbsent(tenant, t -> new AtomicInteger());
        if (n.incrementAndGet() > max && max > 0) {
            n.decrementAndGet();
            return false;
        }
        return true;
    }

    void release(String tenant) {
        running.get(tenant).decrementAndGet();
    }

    /** Slots the tenant holds now. */
    int running(String tenant) {
        AtomicInteger n = running.get(tenant);
        return n == null ? 0 : n.get();
    }
}
