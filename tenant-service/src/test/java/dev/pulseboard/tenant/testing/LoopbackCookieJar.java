package dev.pulseboard.tenant.testing;

import java.net.CookieHandler;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A browser-like cookie jar for one host: unlike java.net.CookieManager it sends {@code Secure} cookies over plain
 * http, as browsers do for 127.0.0.1 (Keycloak marks its login-session cookies Secure; SameSite=None requires it).
 * Cookies are keyed by name only; Max-Age=0 deletes. Good enough for tenant-service and Keycloak on one loopback host.
 */
public class LoopbackCookieJar extends CookieHandler {
    private final Map<String, String> cookies = new ConcurrentHashMap<>();

    @Override
    public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
        if (cookies.isEmpty()) {
            return Map.of();
        }
        String header = cookies.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("; "));
        return Map.of("Cookie", List.of(header));
    }

    @Override
    public void put(URI uri, Map<String, List<String>> responseHeaders) {
        responseHeaders.forEach((name, values) -> {
            if ("set-cookie".equalsIgnoreCase(name)) {
                values.forEach(this::store);
            }
        });
    }

    private void store(String setCookie) {
        String[] parts = setCookie.split(";");
        int eq = parts[0].indexOf('=');
        if (eq <= 0) {
            return;
        }
        String name = parts[0].substring(0, eq).trim();
        String value = parts[0].substring(eq + 1).trim();
        boolean expired = value.isEmpty();
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i].trim().toLowerCase(Locale.ROOT);
            expired |= attribute.equals("max-age=0")
                    || attribute.startsWith("expires=thu, 01 jan 1970")
                    || attribute.startsWith("expires=thu, 01-jan-1970");
        }
        if (expired) {
            cookies.remove(name);
        } else {
            cookies.put(name, value);
        }
    }
}
