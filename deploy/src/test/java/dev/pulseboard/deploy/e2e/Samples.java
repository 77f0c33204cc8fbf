package dev.pulseboard.deploy.e2e;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

final class Samples {
    private Samples() {}

    static String gauge(String name, double value, long timestampMs) {
        return String.format(
                Locale.ROOT,
                "{\"name\":\"%s\",\"type\":\"gauge\",\"value\":%s,\"timestamp\":%d,"
                        + "\"labels\":{\"instance\":\"i-1\"}}",
                name,
                value,
                timestampMs);
    }

    static String json(String... samples) {
        return Arrays.stream(samples).collect(Collectors.joining(",", "{\"samples\":[", "]}"));
    }
}
