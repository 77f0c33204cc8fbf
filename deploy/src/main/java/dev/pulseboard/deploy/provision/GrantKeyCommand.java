package dev.pulseboard.deploy.provision;

import dev.pulseboard.contract.tenant.IngestKeyGrants;
import dev.pulseboard.contract.tenant.IngestKeys;
import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.contract.wire.v1.IngestKeyGrant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.UUID;

/**
 * {@code grant-key BOOTSTRAP TENANT KEY_FILE}: a new ingest key for a tenant, granted on the ingest-keys topic exactly
 * as tenant-service grants one (ADR 008), without the control plane: for benchmarks of the gateway alone. The key is
 * written to KEY_FILE, readable by its owner only.
 */
final class GrantKeyCommand {
    private GrantKeyCommand() {}

    static void grant(String bootstrap, String tenant, Path keyFile) {
        new TenantId(tenant);
        String key = IngestKeys.generate();
        try (IngestKeyGrants grants = new IngestKeyGrants(bootstrap, Duration.ofSeconds(30))) {
            grants.grant(
                    IngestKeys.hash(key),
                    IngestKeyGrant.newBuilder()
                            .setTenant(tenant)
                            .setKeyId(UUID.randomUUID().toString())
                            .setPrefix(IngestKeys.displayPrefix(key))
                            .build());
        } catch (IllegalStateException e) {
            throw new ProvisionException("granting a key to " + tenant, e);
        }
        try {
            Files.deleteIfExists(keyFile);
            Files.createFile(
                    keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(keyFile, key + "\n");
        } catch (IOException e) {
            throw new ProvisionException("writing " + keyFile, e);
        }
    }
}
