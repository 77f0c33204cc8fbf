package dev.pulseboard.deploy.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** JSON over HTTP with the JDK client and Jackson: what the provisioning steps need. */
final class JsonHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private JsonHttp() {}

    /** A response: status and parsed body (a missing node when the body is not JSON). */
    record Response(int status, JsonNode body) {}

    static JsonNode get(String url) {
        Response r = send(HttpRequest.newBuilder(URI.create(url)).GET());
        if (r.status() != 200) {
            throw new ProvisionException("GET " + url + " answered " + r.status());
        }
        return r.body();
    }

    static Response post(String url, JsonNode body) {
        return post(url, null, body);
    }

    /** POST, with the internal token for the tenant-service's operator API unless it is null. */
    static Response post(String url, String internalToken, JsonNode body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (internalToken != null) {
                request.header("X-Pulseboard-Internal-Token", internalToken);
            }
            return send(request);
        } catch (IOException e) {
            throw new ProvisionException("encoding the request to " + url, e);
        }
    }

    /** PUT with the internal token, for the tenant-service's operator API. */
    static Response put(String url, String internalToken, JsonNode body) {
        try {
            return send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .header("X-Pulseboard-Internal-Token", internalToken)
                    .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new ProvisionException("encoding the request to " + url, e);
        }
    }

    private static Response send(HttpRequest.Builder request) {
        HttpRequest r = request.timeout(Duration.ofSeconds(30)).build();
        try {
            HttpResponse<String> response = CLIENT.send(r, HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = JSON.readTree(response.body());
            } catch (IOException e) {
                body = JSON.missingNode();
            }
            return new Response(response.statusCode(), body == null ? JSON.missingNode() : body);
        } catch (IOException e) {
            throw new ProvisionException(r.method() + " " + r.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisionException("interrupted");
        }
    }
}
