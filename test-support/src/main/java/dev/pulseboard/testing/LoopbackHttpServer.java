package dev.pulseboard.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/** The JDK's HTTP server on a free loopback port, not started yet: what tests stand up in place of a real service. */
public final class LoopbackHttpServer {
    private LoopbackHttpServer() {}

    public static HttpServer create() {
        try {
            return HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
