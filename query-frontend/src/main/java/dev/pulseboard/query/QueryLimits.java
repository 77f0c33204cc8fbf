package dev.pulseboard.query;

import java.time.Duration;

/** One tenant's effective query limits; units and the meaning of 0 as documented on {@link QueryConfig.Limits}. */
public record QueryLimits(
        int maxQueryLength,
        Duration maxRange,
        int maxPoints,
        Duration timeout,
        int maxConcurrent,
        boolean extentCache) {}
