package dev.pulseboard.gateway.ingest;

import dev.pulseboard.contract.errors.ApiException;
import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.errors.ErrorKind;
import dev.pulseboard.contract.limits.Limits;
import dev.pulseboard.contract.wire.RecordKeys;
import dev.pulseboard.gateway.config.GatewayConfig;
import dev.pulseboard.gateway.ingest.validation.Candidate;
import dev.pulseboard.gateway.ingest.validation.SampleError;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The steps every HTTP ingest protocol shares around {@link IngestService}, each once: 429 with Retry-After before the
 * body is read when the tenant is over its rate; the per-request sample limit; and {@link #store}, which answers only
 * after Kafka acknowledged (429 when the samples do not fit the rate, 503 with Retry-After when Kafka is too slow).
 * The protocols keep only their own decoding and their reply.
 */
@ApplicationScoped
public class HttpIngest {
    /** Errors listed in a 400 body at most; the rest are counted. */
    static final int MAX_LISTED_ERRORS = 20;

    private final IngestService ingest;
    private final int maxSamples;
    private final Duration ackTimeout;
    private final Duration retryAfter;

    public HttpIngest(IngestService ingest, GatewayConfig config) {
        this.ingest = ingest;
        this.maxSamples = config.push().maxSamplesPerRequest();
        // Slack over the producer's own delivery timeout, which is what really bounds the wait.
        this.ackTimeout =
                config.kafka().deliveryTimeout().plus(config.kafka().maxBlock()).plusSeconds(1);
        this.retryAfter = config.kafka().retryAfter();
    }

    /** Throws the 429 when the tenant has no ingest tokens left, before its request body is read. */
    public void refuseIfExhausted(String tenant) {
        Duration wait = ingest.exhausted(tenant);
        if (wait != null) {
            throw new ApiException(
                            ErrorKind.RATE_LIMITED,
                            ErrorId.RATE_LIMITED,
                            "your organisation is over its ingest rate; this request was not read, retry it after"
                                    + " Retry-After seconds")
                    .retryAfter(wait);
        }
    }

    /**
     * Screens and writes one request's samples; returns once every accepted one is acknowledged, throws 400
     * err-pb-too-many-samples (with {@code splitHint} for the client), 429 or 503 otherwise.
     */
    public IngestService.Outcome store(
            String tenant, String protocol, List<Candidate> candidates, long receivedAtMs, String splitHint) {
        if (candidates.size() > maxSamples) {
            throw new ApiException(
                    ErrorKind.INVALID_REQUEST,
                    ErrorId.TOO_MANY_SAMPLES,
                    "the request has " + candidates.size() + " samples, over the limit of " + maxSamples
                            + " (pulseboard.gateway.push.max-samples-per-request); " + splitHint);
        }
        IngestService.Outcome outcome = ingest.ingest(tenant, protocol, candidates, receivedAtMs);
        awaitStored(outcome);
        return outcome;
    }

    /** The tenant's limits for a protocol's fast path, or null while they are unknown. */
    public Limits limitsIfReady(String tenant) {
        return ingest.limitsIfReady(tenant);
    }

    /** Samples one request may carry ({@code push.max-samples-per-request}). */
    public int maxSamplesPerRequest() {
        return maxSamples;
    }

    /**
     * As {@link #store} for a request a protocol's fast path turned into records itself: {@code samples} valid samples
     * under {@code limits}, within {@link #maxSamplesPerRequest}.
     */
    public void storeEncoded(
            String tenant,
            String protocol,
            Limits limits,
            List<RecordKeys.EncodedRecord> records,
            int samples,
            long receivedAtMs) {
        awaitStored(ingest.ingestEncoded(tenant, protocol, limits, records, samples, receivedAtMs));
    }

    /**
     * The 400 err-pb-samples-rejected of a request some of whose samples were refused: how many of {@code total}, the
     * first refusal, and the first {@value #MAX_LISTED_ERRORS} errors; the accepted ones were stored.
     */
    public static ApiException samplesRejected(IngestService.Outcome outcome, int total) {
        SampleError first = outcome.errors().get(0);
        return new ApiException(
                        ErrorKind.INVALID_REQUEST,
                        ErrorId.SAMPLES_REJECTED,
                        outcome.errors().size() + " of " + total + " samples were refused (first: " + first.id() + ": "
                                + first.message() + "); the others were stored")
                .with("accepted", outcome.accepted())
                .with(
                        "errors",
                        outcome.errors()
                                .subList(
                                        0,
                                        Math.min(
                                                MAX_LISTED_ERRORS,
                                                outcome.errors().size())));
    }

    private void awaitStored(IngestService.Outcome outcome) {
        if (outcome.rateLimitedFor() != null) {
            throw new ApiException(
                            ErrorKind.RATE_LIMITED,
                            ErrorId.RATE_LIMITED,
                            "your organisation is over its ingest rate; nothing of this request was stored, retry it"
                                    + " after Retry-After seconds")
                    .retryAfter(outcome.rateLimitedFor());
        }
        try {
            outcome.written().get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ApiException(
                            ErrorKind.UNAVAILABLE,
                            ErrorId.STORE_UNAVAILABLE,
                            "the metrics store did not acknowledge every sample of this request in time; retry it")
                    .retryAfter(retryAfter);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(
                            ErrorKind.UNAVAILABLE, ErrorId.STORE_UNAVAILABLE, "the gateway is shutting down; retry")
                    .retryAfter(retryAfter);
        }
    }
}
