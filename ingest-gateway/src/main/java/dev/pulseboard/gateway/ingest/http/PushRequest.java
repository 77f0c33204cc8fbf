package dev.pulseboard.gateway.ingest.http;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /api/v1/push}: {@code {"samples":[{...}]}}. Unknown members are ignored so clients may send
 * newer fields. Per sample: {@code name}, {@code type} (counter|gauge|timer|histogram|set|distribution),
 * {@code value}, optional {@code timestamp} (epoch ms, default: receive time), {@code labels} (string map),
 * {@code sampleRate} in (0,1], and for sets {@code member} (default: the value).
 */
public record PushRequest(List<PushSample> samples) {

    public record PushSample(
            String name,
            String type,
            Double value,
            Long timestamp,
            Map<String, String> labels,
            Double sampleRate,
            String member) {}
}
