package dev.pulseboard.gateway.auth;

/** tenant-service could not answer a key lookup (down, timed out, refused our token, or broke its contract). */
public final class TenantServiceUnavailableException extends RuntimeException {
    public TenantServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
