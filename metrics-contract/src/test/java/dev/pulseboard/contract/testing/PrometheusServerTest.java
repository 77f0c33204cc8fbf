package dev.pulseboard.contract.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class PrometheusServerTest {
    @Test
    void startsTheRealBinaryAndAnswersQueries() throws Exception {
        try (PrometheusServer prometheus = PrometheusServer.start()) {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(prometheus.url() + "/api/v1/query?query=vector(1)"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"status\":\"success\"");
        }
    }
}
