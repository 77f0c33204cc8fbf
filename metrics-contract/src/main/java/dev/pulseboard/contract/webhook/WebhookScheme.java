package dev.pulseboard.contract.webhook;

import java.util.Arrays;

/**
 * How an outside system signs its webhook requests, as the big providers do (docs/ingest.md, "Webhooks"). Each is an
 * HMAC-SHA256 over the raw body with the rule's secret; the two with a signed timestamp also refuse a request older than
 * five minutes (replays).
 */
public enum WebhookScheme {
    /** GitHub: {@code X-Hub-Signature-256: sha256=<hex HMAC of the body>}. */
    GITHUB("github"),
    /** Stripe: {@code Stripe-Signature: t=<unix s>,v1=<hex HMAC of "t.body">} (several v1 while a secret rolls). */
    STRIPE("stripe"),
    /**
     * The Standard Webhooks specification (Svix and the providers built on it): {@code webhook-id},
     * {@code webhook-timestamp}, {@code webhook-signature: v1,<base64 HMAC of "id.timestamp.body">}, the key being the
     * base64 after {@code whsec_} of the secret.
     */
    STANDARD_WEBHOOKS("standard-webhooks");

    private final String id;

    WebhookScheme(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The scheme with this id, or null. */
    public static WebhookScheme byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst().orElse(null);
    }
}
