package dev.pulseboard.query;

import dev.pulseboard.contract.wire.v1.LimitsOverrides;
import java.time.Duration;

/**
 * One tenant's effective query limits: the configured defaults ({@link QueryConfig.Limits}, units and the meaning of 0
 * documented there) with the query fields of the tenant-limits topic's overrides applied (ADR 014).
 */
public record QueryLimits(
        int maxQueryLength,
        Duration maxRange,
        int maxPoints,
        Duration timeout,
        int maxConcurrent,
        Duration evalTimePerSecond,
        boolean extentCache) {

    static QueryLimits of(QueryConfig.Limits d) {
        return new QueryLimits(
                d.maxQueryLength(),
                d.maxRange(),
                d.maxPoints(),
                d.timeout(),
                d.maxConcurrent(),
                d.evalTimePerSecond(),
                d.extentCache());
    }

    /**
     * These limits with every query field {@code o} sets replaced. A negative value, or a timeout that is not above
     * 0, keeps the current one: a bad override must not unlimit or break a tenant's queries.
     */
    QueryLimits with(LimitsOverrides o) {
        return new QueryLimits(
                o.hasQueryMaxLength() && o.getQueryMaxLength() >= 0 ? o.getQueryMaxLength() : maxQueryLength,
                o.hasQueryMaxRangeMs() && o.getQueryMaxRangeMs() >= 0
                        ? Duration.ofMillis(o.getQueryMaxRangeMs())
                        : maxRange,
                o.hasQueryMaxPoints() && o.getQueryMaxPoints() >= 0 ? o.getQueryMaxPoints() : maxPoints,
                o.hasQueryTimeoutMs() && o.getQueryTimeoutMs() > 0 ? Duration.ofMillis(o.getQueryTimeoutMs()) : timeout,
                o.hasQueryMaxConcurrent() && o.getQueryMaxConcurrent() >= 0 ? o.getQueryMaxConcurrent() : maxConcurrent,
                o.hasQueryEvalMsPerSecond() && o.getQueryEvalMsPerSecond() >= 0
                        ? Duration.ofMillis(o.getQueryEvalMsPerSecond())
                        : evalTimePerSecond,
                extentCache);
    }
}
