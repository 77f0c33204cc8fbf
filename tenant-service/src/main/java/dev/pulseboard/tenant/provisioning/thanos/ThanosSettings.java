package dev.pulseboard.tenant.provisioning.thanos;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the Thanos Receive files are written and which Receive nodes every tenant's hashring lists (from
 * {@code pulseboard.tenant.provisioning.thanos.*}). {@code limitsFile} empty: no limits file is written.
 */
public record ThanosSettings(Path hashringFile, Optional<Path> limitsFile, List<String> endpoints) {
    public ThanosSettings {
        Objects.requireNonNull(hashringFile, "hashringFile");
        Objects.requireNonNull(limitsFile, "limitsFile");
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("thanos endpoints must list at least one Receive node (host:port)");
        }
        for (String endpoint : endpoints) {
            if (!endpoint.matches("[A-Za-z0-9.\\-\\[\\]:]+:[0-9]{1,5}")) {
                throw new IllegalArgumentException("thanos endpoint is not host:port: " + endpoint);
            }
        }
    }
}
