package dev.pulseboard.tenant.dashboards;

import java.time.Instant;
import java.util.List;

/** One entry of {@code GET /api/dashboards}; {@code tags} are the strings of the model's "tags". */
public record DashboardSummary(String uid, String title, List<String> tags, int version, Instant updatedAt) {}
