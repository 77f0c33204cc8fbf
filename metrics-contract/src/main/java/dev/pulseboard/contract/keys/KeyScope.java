package dev.pulseboard.contract.keys;

import dev.pulseboard.contract.wire.v1.IngestKeyGrant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where a key may be used: {@link #INGEST} at the ingest gateway (every protocol, StatsD included), {@link #READ} at
 * the query frontend. A Grafana data source or a script gets a read key and cannot write; a sender gets an ingest key
 * and cannot read the tenant's data.
 */
public enum KeyScope {
    INGEST(dev.pulseboard.contract.wire.v1.KeyScope.KEY_SCOPE_INGEST),
    READ(dev.pulseboard.contract.wire.v1.KeyScope.KEY_SCOPE_READ);

    private final dev.pulseboard.contract.wire.v1.KeyScope wire;

    KeyScope(dev.pulseboard.contract.wire.v1.KeyScope wire) {
        this.wire = wire;
    }

    public dev.pulseboard.contract.wire.v1.KeyScope wire() {
        return wire;
    }

    /** The name in the API and the database: {@code ingest}, {@code read}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scope named {@code id}, or null. */
    public static KeyScope of(String id) {
        for (KeyScope s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        return null;
    }

    /** A grant's scopes; a grant without any (written before keys had scopes) may do both. Unknown values grant nothing. */
    public static Set<KeyScope> of(IngestKeyGrant grant) {
        if (grant.getScopesCount() == 0) {
            return EnumSet.allOf(KeyScope.class);
        }
        Set<KeyScope> scopes = EnumSet.noneOf(KeyScope.class);
        for (dev.pulseboard.contract.wire.v1.KeyScope w : grant.getScopesList()) {
            for (KeyScope s : values()) {
                if (s.wire == w) {
                    scopes.add(s);
                }
            }
        }
        return scopes;
    }
}
