package dev.pulseboard.tenant.provisioning.grafana;

/**
 * A Grafana API call that did not succeed: {@code status} is the HTTP status, or 0 when Grafana was not reached. The
 * message names the call and Grafana's own "message", never a request body (bodies carry keys).
 */
public class GrafanaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public GrafanaException(String message, int status, Throwable cause) {
        super(message, cause, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
