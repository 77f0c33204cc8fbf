package dev.pulseboard.gateway.ingest.statsd;

import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.gateway.auth.KeyLookup;
import dev.pulseboard.gateway.auth.KeyResolver;
import dev.pulseboard.gateway.config.GatewayConfig;
import dev.pulseboard.gateway.ingest.IngestMetrics;
import dev.pulseboard.gateway.ingest.IngestService;
import dev.pulseboard.gateway.ingest.validation.Candidate;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Turns one UDP packet (newline-separated StatsD lines) into writes to metrics-raw. Lines are grouped by the
 * ingest key in their name, each key is resolved to its tenant once per packet (cached by {@link KeyResolver}),
 * and every line is parsed, validated and produced asynchronously: UDP has no acknowledgement, so failures are
 * only counted in pulseboard_discarded_samples_total (per line when no tenant is known: tenant "unknown").
 * Runs on the listener's worker thread; may block up to the tenant-service timeout on a cache miss.
 */
@ApplicationScoped
public class StatsdPacketProcessor {
    static final String PROTOCOL = "statsd-udp";

    private final KeyResolver resolver;
    private final IngestService ingest;
    private final IngestMetrics metrics;
    private final long lookupTimeoutMs;

    public StatsdPacketProcessor(
            KeyResolver resolver, IngestService ingest, IngestMetrics metrics, GatewayConfig config) {
        this.resolver = resolver;
        this.ingest = ingest;
        this.metrics = metrics;
        this.lookupTimeoutMs = config.tenantService().timeout().toMillis() + 500;
    }

    public void process(String packet, long receivedAtMs) {
        for (Map.Entry<String, List<String>> group : linesByKey(packet).entrySet()) {
            String tenant = tenantOf(group.getKey(), group.getValue().size());
            if (tenant != null) {
                ingest.ingest(tenant, PROTOCOL, candidates(group.getValue(), receivedAtMs), receivedAtMs);
            }
        }
    }

    static Map<String, List<String>> linesByKey(String packet) {
        Map<String, List<String>> byKey = new HashMap<>(2);
        for (String raw : packet.split("\n")) {
            String line = raw.strip();
            if (!line.isEmpty()) {
                StatsdKeyedLine keyed = StatsdKeyedLine.split(line);
                byKey.computeIfAbsent(keyed.key(), k -> new ArrayList<>()).add(keyed.rest());
            }
        }
        return byKey;
    }

    /** The tenant owning {@code key}, or null after counting {@code lines} discards under tenant "unknown". */
    private String tenantOf(String key, int lines) {
        if (key == null) {
            metrics.discarded(IngestMetrics.UNKNOWN_TENANT, ErrorId.MISSING_CREDENTIALS.id(), lines);
            return null;
        }
        String reason;
        try {
            KeyLookup lookup = resolver.resolve(key).get(lookupTimeoutMs, TimeUnit.MILLISECONDS);
            if (lookup instanceof KeyLookup.Known known) {
                return known.tenant();
            }
            reason = ErrorId.INVALID_CREDENTIALS.id();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = ErrorId.TENANT_SERVICE_UNAVAILABLE.id();
        } catch (Exception e) {
            reason = ErrorId.TENANT_SERVICE_UNAVAILABLE.id();
        }
        metrics.discarded(IngestMetrics.UNKNOWN_TENANT, reason, lines);
        return null;
    }

    static List<Candidate> candidates(List<String> lines, long receivedAtMs) {
        List<Candidate> out = new ArrayList<>(lines.size());
        for (String line : lines) {
            StatsdParseResult parsed = StatsdLineParser.parse(line);
            if (parsed.isOk()) {
                StatsdSampleMapper.map(parsed.line(), receivedAtMs, out);
            } else {
                out.add(Candidate.refused(parsed.errorId(), parsed.message()));
            }
        }
        return out;
    }
}
