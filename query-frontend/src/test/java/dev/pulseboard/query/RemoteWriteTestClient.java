package dev.pulseboard.query;

import static dev.pulseboard.testing.WireMessages.message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import org.xerial.snappy.Snappy;

/**
 * Minimal Prometheus remote-write 1.0 client for loading test data into a real Prometheus: one series per request,
 * protobuf written by hand (WireMessages, CodedOutputStream) (field numbers of prometheus/prompb remote.proto and types.proto:
 * WriteRequest.timeseries=1; TimeSeries.labels=1, samples=2; Label.name=1, value=2; Sample.value=1, timestamp=2),
 * snappy block compression.
 */
final class RemoteWriteTestClient {
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI url;

    RemoteWriteTestClient(String remoteWriteUrl) {
        this.url = URI.create(remoteWriteUrl);
    }

    /** Writes one sample; labels include __name__. Fails the test unless Prometheus answers 2xx. */
    void write(Map<String, String> labels, double value, long timestampMillis) {
        try {
            byte[] body = Snappy.compress(writeRequest(new TreeMap<>(labels), value, timestampMillis));
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(url)
                            .header("Content-Type", "application/x-protobuf")
                            .header("Content-Encoding", "snappy")
                            .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(
                        "remote write refused: " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Labels must be sorted by name (a TreeMap), as remote-write requires. */
    private static byte[] writeRequest(TreeMap<String, String> labels, double value, long timestamp)
            throws IOException {
        return message(request -> request.writeByteArray(1, message(s -> {
            for (Map.Entry<String, String> label : labels.entrySet()) {
                s.writeByteArray(1, message(out -> {
                    out.writeString(1, label.getKey());
                    out.writeString(2, label.getValue());
                }));
            }
            s.writeByteArray(2, message(out -> {
                out.writeDouble(1, value);
                out.writeInt64(2, timestamp);
            }));
        })));
    }
}
