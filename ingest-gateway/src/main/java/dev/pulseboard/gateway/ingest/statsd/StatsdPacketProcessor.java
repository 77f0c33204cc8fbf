package dev.pulseboard.gateway.ingest.statsd;

import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.keys.KeyLookup;
import dev.pulseboard.contract.keys.KeyResolver;
import dev.pulseboard.contract.keys.KeyScope;
import dev.pulseboard.gateway.ingest.EdgeWindowBuffer;
import dev.pulseboard.gateway.ingest.IngestMetrics;
import dev.pulseboard.gateway.ingest.IngestService;
import dev.pulseboard.gateway.ingest.validation.Candidate;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Turns one UDP packet (newline-separated StatsD lines) into writes to metrics-raw. Lines are grouped by the
 * ingest key in their name, each key is resolved to its tenant once per packet by {@link KeyResolver}, and every
 * line is parsed, validated and produced asynchronously: UDP has no acknowledgement, so failures are only counted in
 * pulseboard_discarded_samples_total (per line when no tenant is known: tenant "unknown"). Never blocks: a known key
 * is resolved at once; the lines of a key the directory does not know yet wait on their own (continued on
 * {@code later}) while the caller goes on with the next packet, so an unknown key never delays a known one.
 */
@ApplicationScoped
public class StatsdPacketProcessor {
    static final String UDP = "statsd-udp";
    static final String TCP = "statsd-tcp";

    private final KeyResolver resolver;
    private final IngestService ingest;
    private final IngestMetrics metrics;

    public StatsdPacketProcessor(KeyResolver resolver, IngestService ingest, IngestMetrics metrics) {
        this.resolver = resolver;
        this.ingest = ingest;
        this.metrics = metrics;
    }

    /**
     * Processes the lines of known keys now; those of keys still being looked up continue on {@code later} (the
     * caller's own single thread, which owns {@code buffer}). Accepted samples go into {@code buffer}, to be folded
     * with the next packets' of the same second, or straight to metrics-raw when it is null.
     */
    public void process(String packet, long receivedAtMs, Executor later, String protocol, EdgeWindowBuffer buffer) {
        for (Map.Entry<String, List<String>> group : linesByKey(packet).entrySet()) {
            String key = group.getKey();
            List<String> lines = group.getValue();
            if (key == null) {
                for (String line : lines) {
                    // DogStatsD clients send events and service checks without the metric prefix (the key)
                    ErrorId nonMetric = StatsdLineParser.datadogNonMetric(line);
                    metrics.discarded(
                            IngestMetrics.UNKNOWN_TENANT,
                            (nonMetric == null ? ErrorId.MISSING_CREDENTIALS : nonMetric).id(),
                            1);
                }
                continue;
            }
            CompletableFuture<KeyLookup> lookup = resolver.resolve(key);
            if (lookup.isDone()) {
                ingestOrCount(lookup, lines, receivedAtMs, protocol, buffer);
            } else {
                var unused = lookup.whenComplete(
                        (l, f) -> continueLater(later, lookup, lines, receivedAtMs, protocol, buffer));
            }
        }
    }

    private void continueLater(
            Executor later,
            CompletableFuture<KeyLookup> lookup,
            List<String> lines,
            long receivedAtMs,
            String protocol,
            EdgeWindowBuffer buffer) {
        try {
            later.execute(() -> ingestOrCount(lookup, lines, receivedAtMs, protocol, buffer));
        } catch (RejectedExecutionException e) {
            metrics.discarded(IngestMetrics.UNKNOWN_TENANT, ErrorId.STATSD_OVERLOADED.id(), lines.size());
        }
    }

    private void ingestOrCount(
            CompletableFuture<KeyLookup> lookup,
            List<String> lines,
            long receivedAtMs,
            String protocol,
            EdgeWindowBuffer buffer) {
        String reason;
        try {
            if (lookup.join() instanceof KeyLookup.Known known) {
                if (!known.scopes().contains(KeyScope.INGEST)) {
                    // a read key in a metric name: the tenant is known, so the refusal is counted as its own
                    metrics.discarded(known.tenant(), ErrorId.KEY_SCOPE_MISSING.id(), lines.size());
                    return;
                }
                ingest.ingest(known.tenant(), protocol, candidates(lines, receivedAtMs), receivedAtMs, buffer);
                return;
            }
            reason = ErrorId.INVALID_CREDENTIALS.id();
        } catch (CompletionException | CancellationException e) {
            reason = ErrorId.TENANT_SERVICE_UNAVAILABLE.id();
        }
        metrics.discarded(IngestMetrics.UNKNOWN_TENANT, reason, lines.size());
    }

    /**
     * The packet's lines without their key, by key. A line repeated right after itself (a busy client's
     * {@code hits:1|c}, many times a packet) is split once: its repeats are the same rest, the same String.
     */
    static Map<String, List<String>> linesByKey(String packet) {
        Map<String, List<String>> byKey = new HashMap<>(2);
        String previous = null;
        List<String> previousList = null;
        String previousRest = null;
        for (String raw : packet.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.equals(previous)) {
                previousList.add(previousRest);
                continue;
            }
            StatsdKeyedLine keyed = StatsdKeyedLine.split(line);
            previousList = byKey.computeIfAbsent(keyed.key(), k -> new ArrayList<>());
            previousList.add(keyed.rest());
            previous = line;
            previousRest = keyed.rest();
        }
        return byKey;
    }

    /**
     * One candidate per value of each line. A line equal to the one before it (and stamped with the same receive time)
     * yields the same candidates, so it is parsed and mapped once: its repeats share them, and their verdict
     * ({@code SampleScreen}).
     */
    static List<Candidate> candidates(List<String> lines, long receivedAtMs) {
        List<Candidate> out = new ArrayList<>(lines.size());
        String previous = null;
        int previousFrom = 0;
        int previousTo = 0;
        for (String line : lines) {
            if (line.equals(previous)) {
                for (int i = previousFrom; i < previousTo; i++) {
                    out.add(out.get(i));
                }
                continue;
            }
            previousFrom = out.size();
            StatsdParseResult parsed = StatsdLineParser.parse(line);
            if (parsed.isOk()) {
                StatsdSampleMapper.map(parsed.line(), receivedAtMs, out);
            } else {
                out.add(Candidate.refused(parsed.errorId(), parsed.message()));
            }
            previous = line;
            previousTo = out.size();
        }
        return out;
    }
}
