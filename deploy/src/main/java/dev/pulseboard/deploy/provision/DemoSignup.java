package dev.pulseboard.deploy.provision;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creates a tenant with its owner through the tenant-service's operator API ({@code POST /internal/v1/tenants}, the
 * internal token): the demo tenant and the benchmarks' tenants. (Public sign-up goes through a mailed link; the
 * end-to-end tests walk it in a browser.) Keeps the first key in a file only its owner reads.
 */
final class DemoSignup {
    private DemoSignup() {}

    static void signUp(
            String tenantServiceUrl,
            String internalToken,
            String tenant,
            String email,
            String password,
            Path keyFile,
            String organization) {
        if (password == null || password.isEmpty()) {
            throw new ProvisionException("PB_DEMO_PASSWORD is not set");
        }
        if (internalToken == null || internalToken.isEmpty()) {
            throw new ProvisionException("PB_INTERNAL_TOKEN is not set");
        }
        ObjectNode body = JsonHttp.JSON
                .createObjectNode()
                .put("organization", organization)
                .put("tenant", tenant)
                .put("email", email)
                .put("password", password)
                .put("firstName", organization)
                .put("lastName", "Admin");
        JsonHttp.Response r = JsonHttp.post(tenantServiceUrl + "/internal/v1/tenants", internalToken, body);
        if (r.status() != 201) {
            throw new ProvisionException("sign-up of " + tenant + " answered " + r.status() + ": "
                    + r.body().path("id").asText() + " "
                    + r.body().path("detail").asText());
        }
        String key = r.body().path("ingestKey").asText();
        if (key.isEmpty()) {
            throw new ProvisionException("sign-up of " + tenant + " returned no ingest key");
        }
        try {
            Files.deleteIfExists(keyFile);
            Files.createFile(
                    keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(keyFile, key);
        } catch (IOException e) {
            throw new ProvisionException("writing " + keyFile, e);
        }
    }
}
