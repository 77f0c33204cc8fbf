package dev.pulseboard.pipeline.store.remotewrite;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends remote-write bodies (each one tenant's) asynchronously with the remote-write 1.0 retry rules, retries by
 * Failsafe: 2xx = written; 4xx except 429 = rejected, never retried (the caller drops and counts the request); 5xx,
 * 429 and I/O errors (timeouts included) = retried with capped exponential backoff for up to {@code maxRetryTime},
 * after which the returned future fails and with it the job, which restarts from its last checkpoint.
 *
 * <p>One exception: Prometheus answers 500 to a sample older than its out-of-order window ("too old sample"), which
 * no retry can fix; that answer counts as a rejection too.
 */
public class RemoteWriteClient {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteWriteClient.class);
    private static final int MAX_ERROR_BODY = 512;

    private final RemoteWriteOptions options;
    private final HttpClient http;
    private final URI uri;
    private final RetryPolicy<HttpResponse<String>> retry;
    private final AtomicLong retries = new AtomicLong();

    public RemoteWriteClient(RemoteWriteOptions options) {
        this.options = options;
        this.uri = URI.create(options.url());
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.requestTimeout())
                .build();
        this.retry = RetryPolicy.<HttpResponse<String>>builder()
                .handle(IOException.class)
                .handleResultIf(r -> retryable(r.statusCode(), r.body()))
                .withBackoff(options.initialBackoff(), options.maxBackoff())
                .withMaxRetries(-1)
                .withMaxDuration(options.maxRetryTime())
                .onRetry(e -> {
                    retries.incrementAndGet();
                    LOG.warn(
                            "remote write to {} failed (attempt {}), retrying: {}",
                            uri,
                            e.getAttemptCount(),
                            e.getLastException() != null
                                    ? e.getLastException().toString()
                                    : "HTTP " + e.getLastResult().statusCode());
                })
                .build();
    }

    /** Outcome of a request that needed no (more) retries: written, or rejected for good. */
    public record Result(boolean written, int status, String error) {}

    /** Completes with the outcome, or exceptionally once retries are exhausted. */
    public CompletableFuture<Result> send(String tenant, byte[] body) {
        HttpRequest request = request(tenant, body);
        return Failsafe.with(retry)
                .getStageAsync(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .thenApply(r -> {
                    int code = r.statusCode();
                    if (code / 100 == 2) {
                        return new Result(true, code, "");
                    }
                    if (retryable(code, r.body())) {
                        throw new IllegalStateException("remote write to " + uri + " for tenant " + tenant
                                + " still failing after " + options.maxRetryTime() + ": HTTP " + code + " "
                                + truncate(r.body()));
                    }
                    return new Result(false, code, truncate(r.body()));
                });
    }

    /** 5xx and 429 are worth retrying, except Prometheus' "too old sample" 500, which never succeeds. */
    static boolean retryable(int status, String body) {
        if (status == 429) {
            return true;
        }
        return status / 100 == 5 && (body == null || !body.contains("too old sample"));
    }

    /** Retries done so far (for the sink's metric). */
    public long retries() {
        return retries.get();
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
