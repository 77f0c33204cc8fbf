package dev.pulseboard.contract.fold;

import dev.pulseboard.contract.wire.SeriesKey;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.contract.wire.v1.SeriesWindow;
import java.util.List;

/**
 * A sample's series (tenant, name, labels) and type, as a hash key that costs no canonical key per sample: what the
 * gateway and the pipeline fold a series' samples of a window under. The canonical key ({@link #canonical()}) is
 * built only where it is needed, once per series and window.
 */
public final class SeriesIdentity {
    private final String tenant;
    private final String name;
    private final int type;
    private final int temporality;
    private final List<Label> labels;
    private final int hash;

    public SeriesIdentity(String tenant, Sample s) {
        this(tenant, s.getName(), s.getTypeValue(), s.getTemporalityValue(), s.getLabelsList());
    }

    public SeriesIdentity(String tenant, SeriesWindow w) {
        this(tenant, w.getName(), w.getTypeValue(), w.getTemporalityValue(), w.getLabelsList());
    }

    private SeriesIdentity(String tenant, String name, int type, int temporality, List<Label> labels) {
        this.tenant = tenant;
        this.name = name;
        this.type = type;
        this.temporality = type == MetricType.COUNTER_VALUE ? temporality : 0;
        this.labels = labels;
        int h = tenant.hashCode() * 31 + name.hashCode();
        h = h * 31 + type * 7 + this.temporality;
        for (Label l : labels) {
            h = h * 31 + l.getName().hashCode();
            h = h * 31 + l.getValue().hashCode();
        }
        this.hash = h;
    }

    /** {@link MetricType} number. */
    public int type() {
        return type;
    }

    /** {@code Temporality} number; 0 for every type but counters. */
    public int temporality() {
        return temporality;
    }

    /** The series' canonical key ({@link SeriesKey#canonical}). */
    public String canonical() {
        return SeriesKey.canonical(tenant, name, labels);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SeriesIdentity other) || other.hash != hash) {
            return false;
        }
        if (type != other.type
                || temporality != other.temporality
                || !tenant.equals(other.tenant)
                || !name.equals(other.name)
                || labels.size() != other.labels.size()) {
            return false;
        }
        for (int i = 0; i < labels.size(); i++) {
            Label x = labels.get(i);
            Label y = other.labels.get(i);
            if (!x.getName().equals(y.getName()) || !x.getValue().equals(y.getValue())) {
                return false;
            }
        }
        return true;
    }
}
