package dev.pulseboard.contract.validation;

/**
 * A refused sample: the stable reason and a message for the client that names the limit and how to change it.
 * The message never contains credentials.
 */
public record Rejection(RejectReason reason, String message) {
    public String id() {
        return reason.id();
    }
}
