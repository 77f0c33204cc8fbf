package dev.pulseboard.gateway.ingest.statsd;

import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.gateway.ingest.validation.Candidate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Pure mapping of a parsed StatsD line (key already removed) to proto samples: the name and tag names are
 * sanitised to Prometheus names (every character outside {@code [a-zA-Z0-9_:]} — notably '.' and '-' — becomes
 * '_', and ':' too in label names; a leading digit gets a '_' prefix), tags become labels sorted by name, the
 * timestamp is the DogStatsD {@code T} field or the receive time. One sample per value of a multi-value line.
 */
public final class StatsdSampleMapper {
    private static final Comparator<Label> BY_NAME = Comparator.comparing(Label::getName);

    private StatsdSampleMapper() {}

    public static void map(StatsdLine line, long receivedAtMs, List<Candidate> out) {
        Sample.Builder b = Sample.newBuilder()
                .setName(sanitise(line.name(), true))
                .setType(line.type())
                .setSampleRate(line.sampleRate())
                .setGaugeDelta(line.gaugeDelta())
                .setTimestampMs(line.timestampSecs() < 0 ? receivedAtMs : line.timestampSecs() * 1000)
                .addAllLabels(labels(line.tags()));
        if (line.setMember() != null) {
            out.add(Candidate.of(b.setSetMember(line.setMember()).build()));
            return;
        }
        for (double v : line.values()) {
            out.add(Candidate.of(b.setValue(v).build()));
        }
    }

    static List<Label> labels(List<String[]> tags) {
        List<Label> labels = new ArrayList<>(tags.size());
        for (String[] tag : tags) {
            labels.add(Label.newBuilder()
                    .setName(sanitise(tag[0], false))
                    .setValue(tag[1])
                    .build());
        }
        labels.sort(BY_NAME);
        return labels;
    }

    /** Prometheus metric names allow ':', label names do not. An empty name stays empty (refused later). */
    static String sanitise(String name, boolean allowColon) {
        StringBuilder sb = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || c == '_'
                    || (c >= '0' && c <= '9')
                    || (allowColon && c == ':');
            if (!ok && sb == null) {
                sb = new StringBuilder(name.length()).append(name, 0, i);
            }
            if (sb != null) {
                sb.append(ok ? c : '_');
            }
        }
        String out = sb == null ? name : sb.toString();
        return !out.isEmpty() && out.charAt(0) >= '0' && out.charAt(0) <= '9' ? "_" + out : out;
    }
}
