package dev.pulseboard.pipeline.store.remotewrite;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one remote-write body (one tenant's batch) with the remote-write 1.0 retry rules: 2xx = written;
 * 4xx except 429 = rejected, never retried (the caller drops and counts the batch); 5xx, 429 and I/O errors
 * (timeouts included) = retried with capped exponential backoff, and after {@code maxAttempts} an
 * {@link IOException} is thrown so the job fails and restarts from its last checkpoint.
 *
 * <p>Synchronous: it runs in the sink's task thread, so a slow store back-pressures the pipeline instead of
 * piling up memory.
 */
public class RemoteWriteClient {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteWriteClient.class);
    private static final int MAX_ERROR_BODY = 512;

    private final RemoteWriteOptions options;
    private final HttpClient http;
    private final URI uri;
    private long retries;

    public RemoteWriteClient(RemoteWriteOptions options) {
        this.options = options;
        this.uri = URI.create(options.url());
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.requestTimeout())
                .build();
    }

    /** Outcome of a request that did not need (more) retries. */
    public record Result(boolean written, int status, String error) {}

    public Result send(String tenant, byte[] body) throws IOException, InterruptedException {
        String lastError = "";
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> r = http.send(request(tenant, body), HttpResponse.BodyHandlers.ofString());
                int code = r.statusCode();
                if (code / 100 == 2) {
                    return new Result(true, code, "");
                }
                String err = truncate(r.body());
                if (code / 100 == 4 && code != 429) {
                    return new Result(false, code, err);
                }
                lastError = "HTTP " + code + ": " + err;
            } catch (IOException e) {
                lastError = e.toString();
            }
            if (attempt >= options.maxAttempts()) {
                throw new IOException("remote write to " + uri + " for tenant " + tenant + " failed after " + attempt
                        + " attempts; last error: " + lastError);
            }
            retries++;
            long delay = options.backoff(attempt).toMillis();
            LOG.warn(
                    "remote write for tenant {} failed (attempt {}/{}), retrying in {} ms: {}",
                    tenant,
                    attempt,
                    options.maxAttempts(),
                    delay,
                    lastError);
            Thread.sleep(delay);
        }
    }

    /** Retries done so far (for the sink's metric). */
    public long retries() {
        return retries;
    }

    private HttpRequest request(String tenant, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(options.requestTimeout())
                .header("Content-Encoding", "snappy")
                .header("Content-Type", "application/x-protobuf")
                .header("User-Agent", "pulseboard-pipeline/0.1")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!options.tenantHeader().isEmpty()) {
            b.header(options.tenantHeader(), tenant);
        }
        return b.build();
    }

    private static String truncate(String s) {
        String t = s == null ? "" : s.strip();
        return t.length() <= MAX_ERROR_BODY ? t : t.substring(0, MAX_ERROR_BODY) + "...";
    }
}
