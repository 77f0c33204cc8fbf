package dev.pulseboard.deploy.e2e;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

final class Samples {
    private Samples() {}

    static String gauge(String name, double value, long timestampMs) {
        return sample("gauge", name, value, timestampMs);
    }

    static String histogram(String name, double value, long timestampMs) {
        return sample("histogram", name, value, timestampMs);
    }

    private static String sample(String type, String name, double value, long timestampMs) {
        return String.format(
                Locale.ROOT,
                "{\"name\":\"%s\",\"type\":\"%s\",\"value\":%s,\"timestamp\":%d,"
                        + "\"labels\":{\"instance\":\"i-1\"}}",
                name,
                type,
                value,
                timestampMs);
    }

    static String json(String... samples) {
        return Arrays.stream(samples).collect(Collectors.joining(",", "{\"samples\":[", "]}"));
    }
}
