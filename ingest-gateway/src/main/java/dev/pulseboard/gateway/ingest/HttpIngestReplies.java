package dev.pulseboard.gateway.ingest;

import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.gateway.api.ApiException;
import dev.pulseboard.gateway.api.ErrorKind;
import dev.pulseboard.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What every HTTP ingest protocol answers for an {@link IngestService.Outcome} before its success reply: 429 with
 * Retry-After when the tenant is over its rate, then the wait for Kafka's acknowledgement, 503 with Retry-After if it
 * does not come in time. "2xx only after Kafka acknowledged" lives here, once.
 */
@ApplicationScoped
public class HttpIngestReplies {
    private final Duration ackTimeout;
    private final Duration retryAfter;

    public HttpIngestReplies(GatewayConfig config) {
        // Slack over the producer's own delivery timeout, which is what really bounds the wait.
        this.ackTimeout =
                config.kafka().deliveryTimeout().plus(config.kafka().maxBlock()).plusSeconds(1);
        this.retryAfter = config.kafka().retryAfter();
    }

    /** Throws the 429 when the tenant has no ingest tokens left, before its request body is read. */
    public void refuseIfExhausted(IngestService ingest, String tenant) {
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

    /** Returns once every accepted sample is acknowledged; throws the 429 or 503 otherwise. */
    public void awaitStored(IngestService.Outcome outcome) {
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
