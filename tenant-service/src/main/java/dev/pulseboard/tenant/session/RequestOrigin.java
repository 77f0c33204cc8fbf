package dev.pulseboard.tenant.session;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.RequestScoped;

/** Where the current request came from and what it chose, read from the HTTP request itself (no login needed). */
@RequestScoped
public class RequestOrigin {
    private final CurrentVertxRequest request;

    RequestOrigin(CurrentVertxRequest request) {
        this.request = request;
    }

    /** The peer's address (or the client a trusted proxy names when forwarding is configured); null outside HTTP. */
    public String address() {
        HttpServerRequest current = vertxRequest();
        SocketAddress address = current == null ? null : current.remoteAddress();
        return address == null ? null : address.hostAddress();
    }

    /** The request header's trimmed value, or null when absent or blank. */
    public String header(String name) {
        HttpServerRequest current = vertxRequest();
        String value = current == null ? null : current.getHeader(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private HttpServerRequest vertxRequest() {
        return request.getCurrent() == null ? null : request.getCurrent().request();
    }
}
