package dev.pulseboard.gateway.ingest.validation;

import dev.pulseboard.contract.wire.v1.Sample;

/**
 * A sample as decoded from a protocol, before validation: either a proto {@link Sample} (labels sorted by name)
 * or the reason the protocol decoder could not build one (e.g. a StatsD gauge delta, a JSON sample without value).
 */
public sealed interface Candidate {

    record Decoded(Sample sample) implements Candidate {}

    record Undecodable(String id, String message) implements Candidate {}

    static Candidate of(Sample sample) {
        return new Decoded(sample);
    }

    static Candidate refused(String id, String message) {
        return new Undecodable(id, message);
    }
}
