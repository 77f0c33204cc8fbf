package dev.pulseboard.deploy.provision;

/** A provisioning step that did not succeed, with a message for the operator. */
public final class ProvisionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProvisionException(String message) {
        super(message);
    }

    public ProvisionException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
