package dev.pulseboard.gateway.ingest.validation;

import dev.pulseboard.contract.limits.Limits;
import dev.pulseboard.contract.validation.Rejection;
import dev.pulseboard.contract.validation.SampleValidator;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.gateway.ingest.validation.Candidate.Decoded;
import dev.pulseboard.gateway.ingest.validation.Candidate.Undecodable;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure per-sample screening shared by every protocol: decoder refusals pass through, decoded samples go through
 * {@link SampleValidator} with the tenant's limits. One bad sample never refuses its neighbours (as in Mimir). The
 * same candidate twice in a row (a repeated StatsD line) is judged once.
 */
public final class SampleScreen {
    private SampleScreen() {}

    // the very candidate judged just before (a repeated StatsD line shares it): its verdict is the same
    @SuppressWarnings("ReferenceEquality")
    public static Screened screen(List<Candidate> candidates, Limits limits, long nowMs) {
        List<Sample> accepted = new ArrayList<>(candidates.size());
        List<SampleError> errors = new ArrayList<>();
        Candidate previous = null;
        Rejection previousVerdict = null;
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            if (c instanceof Undecodable u) {
                errors.add(new SampleError(i, u.id(), u.message()));
            } else if (c instanceof Decoded d) {
                Rejection r = c == previous ? previousVerdict : SampleValidator.validate(d.sample(), limits, nowMs);
                previous = c;
                previousVerdict = r;
                if (r == null) {
                    accepted.add(d.sample());
                } else {
                    errors.add(new SampleError(i, r.id(), r.message()));
                }
            }
        }
        return new Screened(accepted, errors);
    }
}
