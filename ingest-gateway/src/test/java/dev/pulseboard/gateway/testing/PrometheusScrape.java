package dev.pulseboard.gateway.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one counter value from the gateway's own /q/metrics (management port) (Prometheus text format); 0 when absent. */
public final class PrometheusScrape {
    private PrometheusScrape() {}

    public static double discarded(String tenant, String reason) {
        return value("pulseboard_discarded_samples_total", "reason=\"" + reason + "\"", "tenant=\"" + tenant + "\"");
    }

    public static double refusedRequests(String tenant, String reason) {
        return value("pulseboard_refused_requests_total", "reason=\"" + reason + "\"", "tenant=\"" + tenant + "\"");
    }

    public static double received(String tenant, String protocol) {
        return value("pulseboard_received_samples_total", "protocol=\"" + protocol + "\"", "tenant=\"" + tenant + "\"");
    }

    /** Sums the lines of {@code metric} whose label set contains every one of {@code labels}. */
    static double value(String metric, String... labels) {
        String body = Management.given()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Pattern line = Pattern.compile("^" + Pattern.quote(metric) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(body);
        double sum = 0;
        while (m.find()) {
            if (containsAll(m.group(1), labels)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    private static boolean containsAll(String labelSet, String[] labels) {
        for (String l : labels) {
            if (!labelSet.contains(l)) {
                return false;
            }
        }
        return true;
    }
}
